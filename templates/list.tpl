% rebase('base', title=title)
<h1>{{list.name}}</h1>
<p class="meta">{{list.done_count}} of {{len(list.items)}} done</p>
% if list.items:
<ul class="items">
% for item in list.items:
<li id="item-{{item.id}}" class="item{{' done' if item.done else ''}}">
<form method="post" action="/update-done" class="tick">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<input type="hidden" name="list-id" value="{{list.id}}">
<input type="hidden" name="item-id" value="{{item.id}}">
% if not item.done:
<input type="hidden" name="done" value="on">
% end
<button type="submit" id="tick-{{item.id}}" class="check" aria-pressed="{{'true' if item.done else 'false'}}" aria-label="Mark {{item.description}} {{'not done' if item.done else 'done'}}">{{'✓' if item.done else ''}}</button>
</form>
% if item.done:
<label for="tick-{{item.id}}" class="text"><del>{{item.description}}</del></label>
% else:
<label for="tick-{{item.id}}" class="text">{{item.description}}</label>
% end
<form method="post" action="/delete-item" class="delete-form">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<input type="hidden" name="list-id" value="{{list.id}}">
<input type="hidden" name="item-id" value="{{item.id}}">
<button type="submit" class="icon delete" aria-label="Delete {{item.description}}" title="Delete item">✕</button>
</form>
</li>
% end
</ul>
% else:
<p class="empty">Nothing on this list yet.</p>
% end
<form method="post" action="/add-item" class="row add" id="add-item">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<input type="hidden" name="list-id" value="{{list.id}}">
<label for="description" class="visually-hidden">New item</label>
<input type="text" id="description" name="description" value="{{description}}" placeholder="Add an item" autocomplete="off" autofocus{{!' aria-invalid="true" aria-describedby="description-error"' if error else ''}}>
<button type="submit">Add</button>
</form>
% if error:
<p class="error" id="description-error" role="alert">{{error}}</p>
% end
<p class="actions downloads"><a href="/lists/{{list.id}}.txt">Download as text</a> <a href="/lists/{{list.id}}.md">Download as Markdown</a></p>
<p class="actions"><a href="/lists/{{list.id}}?delete=1">Delete this list…</a></p>
