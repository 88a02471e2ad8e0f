% rebase('base', title=title)
% done_items = [item for item in list.items if item.done]
<h1>Clear done items from “{{list.name}}”?</h1>
% if done_items:
<p>{{len(done_items)}} done item{{'' if len(done_items) == 1 else 's'}} will be removed from the list: {{', '.join(item.description for item in done_items)}}. You can undo this, or restore them from the list’s recently deleted items.</p>
<form method="post" action="/clear-done" class="row">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<input type="hidden" name="list-id" value="{{list.id}}">
<input type="hidden" name="version" value="{{list.version}}">
<button type="submit" class="danger">Clear done items</button>
<a href="/lists/{{list.id}}" class="button secondary">Cancel</a>
</form>
% else:
<p>Nothing on this list is done, so there is nothing to clear.</p>
<p><a href="/lists/{{list.id}}">Back to the list</a></p>
% end
