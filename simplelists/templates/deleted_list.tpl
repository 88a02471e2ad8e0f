% rebase('base', title=title)
<h1>“{{deleted.name}}” was deleted</h1>
<p>This list and its {{deleted.item_count}} item{{'' if deleted.item_count == 1 else 's'}} are in the trash. Deleted lists are kept for {{days}} days, then removed for good.</p>
<form method="post" action="/restore-list" class="row">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<input type="hidden" name="list-id" value="{{deleted.id}}">
<button type="submit">Restore “{{deleted.name}}”</button>
</form>
