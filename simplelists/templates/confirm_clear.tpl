% rebase('base', title=title)
% done_items = the_list.done
<h1>{{_("Clear done items from “{name}”?", name=the_list.name)}}</h1>
% if done_items:
<p>{{ngettext("{count} done item will be removed from the list: {names}. You can undo this, or restore it from the list’s recently deleted items.", "{count} done items will be removed from the list: {names}. You can undo this, or restore them from the list’s recently deleted items.", len(done_items), names=join_names([item.description for item in done_items]))}}</p>
<form method="post" action="/clear-done" class="row">
{{!hidden(the_list)}}
<button type="submit" class="danger">{{_("Clear done items")}}</button>
<a href="/lists/{{the_list.id}}" class="button secondary">{{_("Cancel")}}</a>
</form>
% else:
<p>{{_("Nothing on this list is done, so there is nothing to clear.")}}</p>
<p><a href="/lists/{{the_list.id}}">{{_("Back to the list")}}</a></p>
% end
