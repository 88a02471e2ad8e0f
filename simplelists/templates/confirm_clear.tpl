% rebase('base', title=title)
% done_items = the_list.done
<h1>Clear done items from “{{the_list.name}}”?</h1>
% if done_items:
<p>{{plural(len(done_items), "done item", "done items")}} will be removed from the list: {{', '.join(item.description for item in done_items)}}. You can undo this, or restore them from the list’s recently deleted items.</p>
<form method="post" action="/clear-done" class="row">
{{!hidden(the_list)}}
<button type="submit" class="danger">Clear done items</button>
<a href="/lists/{{the_list.id}}" class="button secondary">Cancel</a>
</form>
% else:
<p>Nothing on this list is done, so there is nothing to clear.</p>
<p><a href="/lists/{{the_list.id}}">Back to the list</a></p>
% end
