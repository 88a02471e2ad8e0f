% rebase('base', title=title)
<h1>Delete “{{list.name}}”?</h1>
<p>The list and its {{len(list.items)}} item{{'' if len(list.items) == 1 else 's'}} will be gone from the app.</p>
<form method="post" action="/delete-list" class="row">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<input type="hidden" name="list-id" value="{{list.id}}">
<button type="submit" class="danger">Delete list</button>
<a href="/lists/{{list.id}}" class="button secondary">Cancel</a>
</form>
