% rebase('base', title=title)
<h1>Simple Lists</h1>
<form method="post" action="/create-list" class="row" id="create-list">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<label for="name" class="visually-hidden">New list name</label>
<input type="text" id="name" name="name" value="{{name}}" placeholder="New list name" autocomplete="off"{{!' aria-invalid="true" aria-describedby="name-error"' if error else ''}}>
<button type="submit">Create list</button>
</form>
% if error:
<p class="error" id="name-error" role="alert">{{error}}</p>
% end
% if lists:
<ul class="lists">
% for summary in lists:
% created = list_date(summary.time_created, timezone)
<li>
<a href="/lists/{{summary.id}}" class="list-link">{{summary.name}}</a>
<span class="meta"><time datetime="{{created.iso}}" title="{{created.full}}">{{created.short}}</time> · {{summary.done_count}} of {{summary.item_count}} done</span>
<a href="/lists/{{summary.id}}?delete=1" class="icon delete" aria-label="Delete {{summary.name}}" title="Delete list">✕</a>
</li>
% end
</ul>
% end
