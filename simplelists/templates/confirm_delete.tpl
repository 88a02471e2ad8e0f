% rebase('base', title=title)
<h1>Delete “{{the_list.name}}”?</h1>
<p>The list and its {{plural(len(the_list.items), "item", "items")}} will be gone from the app.</p>
<form method="post" action="/delete-list" class="row">
{{!hidden(list_id=the_list.id)}}
<button type="submit" class="danger">Delete list</button>
<a href="/lists/{{the_list.id}}" class="button secondary">Cancel</a>
</form>
