% rebase('base', title=title)
<h1>{{_("Delete “{name}”?", name=the_list.name)}}</h1>
<p>{{ngettext("The list and its {count} item will be gone from the app.", "The list and its {count} items will be gone from the app.", len(the_list.items))}}</p>
<form method="post" action="/delete-list" class="row">
{{!hidden(list_id=the_list.id)}}
<button type="submit" class="danger">{{_("Delete list")}}</button>
<a href="/lists/{{the_list.id}}" class="button secondary">{{_("Cancel")}}</a>
</form>
