% rebase('base', title=title)
<h1>“{{deleted.name}}” was deleted</h1>
<p>This list and its {{plural(deleted.item_count, "item", "items")}} are in the trash. Deleted lists are kept for {{days}} days, then removed for good.</p>
<form method="post" action="/restore-list" class="row">
{{!hidden(list_id=deleted.id)}}
<button type="submit">Restore “{{deleted.name}}”</button>
</form>
