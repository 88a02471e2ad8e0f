% rebase('base', title=title)
<h1>{{title}}</h1>
% if trash is None:
<p>{{_("Deleted lists are shown here only when the home page shows all lists. To see what was deleted from a list, open the list and follow “Recently deleted”; a deleted list’s own link offers to restore it.")}}</p>
% else:
<p class="meta">{{ngettext("Deleted lists and items are kept for {count} day, then removed for good.", "Deleted lists and items are kept for {count} days, then removed for good.", days)}}</p>
% if the_list is None:
<h2>{{_("Lists")}}</h2>
% if trash.lists:
<ul class="trash">
% for deleted in trash.lists:
<li>
%# Translators: {date} is a short date such as "2 Jan".
<span class="text">{{deleted.name}} <span class="meta">· {{ngettext("{count} item", "{count} items", deleted.item_count)}} · {{!markup("deleted {date}", date=date(deleted.time_deleted))}}</span></span>
<form method="post" action="/restore-list" class="inline">
{{!hidden(list_id=deleted.id)}}
<button type="submit" class="secondary" aria-label="{{_('Restore {name}', name=deleted.name)}}">{{_("Restore")}}</button>
</form>
</li>
% end
</ul>
% else:
<p class="empty">{{_("No deleted lists.")}}</p>
% end
<h2>{{_("Items")}}</h2>
% end
% if trash.items:
<ul class="trash">
% for deleted in trash.items:
<li>
% if the_list is None:
%# Translators: an item deleted from the list {list}; {date} is a short date such as "2 Jan".
<span class="text">{{deleted.description}} <span class="meta">· {{!markup("from {list} deleted {date}", list=deleted.list_name, date=date(deleted.time_deleted))}}</span></span>
% else:
<span class="text">{{deleted.description}} <span class="meta">· {{!markup("deleted {date}", date=date(deleted.time_deleted))}}</span></span>
% end
<form method="post" action="/restore-items" class="inline">
{{!hidden(list_id=deleted.list_id, item_ids=deleted.id, return_url=return_url)}}
<button type="submit" class="secondary" aria-label="{{_('Restore {name}', name=deleted.description)}}">{{_("Restore")}}</button>
</form>
</li>
% end
</ul>
% else:
<p class="empty">{{_("No deleted items.")}}</p>
% end
% end
% if the_list is not None:
<p><a href="/lists/{{the_list.id}}">{{_("Back to {name}", name=the_list.name)}}</a></p>
% end
