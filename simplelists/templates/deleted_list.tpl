% rebase('base', title=title)
<h1>{{_("“{name}” was deleted", name=deleted.name)}}</h1>
<p>{{ngettext("This list and its {count} item are in the trash.", "This list and its {count} items are in the trash.", deleted.item_count)}} {{ngettext("Deleted lists are kept for {count} day, then removed for good.", "Deleted lists are kept for {count} days, then removed for good.", days)}}</p>
<form method="post" action="/restore-list" class="row">
{{!hidden(list_id=deleted.id)}}
<button type="submit">{{_("Restore “{name}”", name=deleted.name)}}</button>
</form>
