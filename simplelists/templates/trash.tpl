% rebase('base', title=title)
<h1>{{title}}</h1>
% if trash is None:
<p>Deleted lists are shown here only when the home page shows all lists. To see what was deleted from a list, open the list and follow “Recently deleted”; a deleted list’s own link offers to restore it.</p>
% else:
<p class="meta">Deleted lists and items are kept for {{days}} days, then removed for good.</p>
% if list is None:
<h2>Lists</h2>
% if trash.lists:
<ul class="trash">
% for deleted in trash.lists:
% when = deleted.time_deleted.astimezone(timezone)
<li>
<span class="text">{{deleted.name}} <span class="meta">· {{deleted.item_count}} item{{'' if deleted.item_count == 1 else 's'}} · deleted <time datetime="{{when.isoformat(timespec='seconds')}}">{{when.day}} {{when.strftime('%b')}}</time></span></span>
<form method="post" action="/restore-list" class="inline">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<input type="hidden" name="list-id" value="{{deleted.id}}">
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
% when = deleted.time_deleted.astimezone(timezone)
<li>
<span class="text">{{deleted.description}} <span class="meta">·{{!'' if list else ' from '}}{{'' if list else deleted.list_name}} deleted <time datetime="{{when.isoformat(timespec='seconds')}}">{{when.day}} {{when.strftime('%b')}}</time></span></span>
<form method="post" action="/restore-items" class="inline">
<input type="hidden" name="csrf-token" value="{{csrf_token}}">
<input type="hidden" name="list-id" value="{{deleted.list_id}}">
<input type="hidden" name="item-ids" value="{{deleted.id}}">
<input type="hidden" name="return-url" value="{{return_url}}">
<button type="submit" class="secondary" aria-label="Restore {{deleted.description}}">Restore</button>
</form>
</li>
% end
</ul>
% else:
<p class="empty">No deleted items.</p>
% end
% end
% if list is not None:
<p><a href="/lists/{{list.id}}">Back to {{list.name}}</a></p>
% end
