% rebase('base', title=title)
<h1>{{title}}</h1>
% if trash is None:
<p>Deleted lists are shown here only when the home page shows all lists. To see what was deleted from a list, open the list and follow “Recently deleted”; a deleted list’s own link offers to restore it.</p>
% else:
<p class="meta">Deleted lists and items are kept for {{days}} days, then removed for good.</p>
% if the_list is None:
<h2>Lists</h2>
% if trash.lists:
<ul class="trash">
% for deleted in trash.lists:
<li>
<span class="text">{{deleted.name}} <span class="meta">· {{plural(deleted.item_count, "item", "items")}} · deleted {{!date(deleted.time_deleted)}}</span></span>
<form method="post" action="/restore-list" class="inline">
{{!hidden(list_id=deleted.id)}}
<button type="submit" class="secondary" aria-label="Restore {{deleted.name}}">Restore</button>
</form>
</li>
% end
</ul>
% else:
<p class="empty">No deleted lists.</p>
% end
<h2>Items</h2>
% end
% if trash.items:
<ul class="trash">
% for deleted in trash.items:
<li>
% if the_list is None:
<span class="text">{{deleted.description}} <span class="meta">· from {{deleted.list_name}} deleted {{!date(deleted.time_deleted)}}</span></span>
% else:
<span class="text">{{deleted.description}} <span class="meta">· deleted {{!date(deleted.time_deleted)}}</span></span>
% end
<form method="post" action="/restore-items" class="inline">
{{!hidden(list_id=deleted.list_id, item_ids=deleted.id, return_url=return_url)}}
<button type="submit" class="secondary" aria-label="Restore {{deleted.description}}">Restore</button>
</form>
</li>
% end
</ul>
% else:
<p class="empty">No deleted items.</p>
% end
% end
% if the_list is not None:
<p><a href="/lists/{{the_list.id}}">Back to {{the_list.name}}</a></p>
% end
