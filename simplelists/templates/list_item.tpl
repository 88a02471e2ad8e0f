%# The items of one section of list.tpl, included with items and movable (first and last
%# items get disabled move buttons only when movable); list and the page state come along.
%# One include per section rather than per item: each include copies the page's variables
%# and runs a template of its own, which doubled the cost of rendering an item (BENCHMARKS.md).
% for index, item in enumerate(items):
% first = movable and index == 0
% last = movable and index == len(items) - 1
<li id="item-{{item.id}}" class="item{{' done' if item.done else ''}}">
% if edit_id == item.id:
<form method="post" action="/edit-item" class="row edit" id="edit-item">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<input type="hidden" name="list-id" value="{{list.id}}">
<input type="hidden" name="item-id" value="{{item.id}}">
<input type="hidden" name="version" value="{{list.version}}">
<label for="edit-description" class="visually-hidden">New text for {{item.description}}</label>
<input type="text" id="edit-description" name="description" value="{{item.description if edit_text is None else edit_text}}" autocomplete="off" autofocus{{!' aria-invalid="true" aria-describedby="edit-error"' if edit_error else ''}}>
<button type="submit">Save</button>
<a href="/lists/{{list.id}}#item-{{item.id}}" class="button secondary">Cancel</a>
</form>
% if edit_error:
<p class="error" id="edit-error" role="alert">{{edit_error}}</p>
% end
% else:
<form method="post" action="/update-done" class="tick">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<input type="hidden" name="list-id" value="{{list.id}}">
<input type="hidden" name="item-id" value="{{item.id}}">
<input type="hidden" name="version" value="{{list.version}}">
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
% if reorder and not item.done:
<form method="post" action="/move-item" class="move">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<input type="hidden" name="list-id" value="{{list.id}}">
<input type="hidden" name="item-id" value="{{item.id}}">
<input type="hidden" name="version" value="{{list.version}}">
<button type="submit" name="move" value="up" class="icon" aria-label="Move {{item.description}} up" title="Move up"{{!' disabled' if first else ''}}>↑</button>
<button type="submit" name="move" value="down" class="icon" aria-label="Move {{item.description}} down" title="Move down"{{!' disabled' if last else ''}}>↓</button>
<button type="submit" name="move" value="top" class="icon" aria-label="Move {{item.description}} to the top" title="Move to the top"{{!' disabled' if first else ''}}>⤒</button>
</form>
% else:
%# No #item- fragment here: browsers skip autofocus when the URL targets an element,
%# and the edit field must get the keyboard (autofocus scrolls it into view anyway).
<a href="/lists/{{list.id}}?edit={{item.id}}" class="icon" aria-label="Edit {{item.description}}" title="Edit item">✎</a>
<form method="post" action="/delete-item" class="delete-form">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<input type="hidden" name="list-id" value="{{list.id}}">
<input type="hidden" name="item-id" value="{{item.id}}">
<input type="hidden" name="version" value="{{list.version}}">
<button type="submit" class="icon delete" aria-label="Delete {{item.description}}" title="Delete item">✕</button>
</form>
% end
% end
</li>
% end
