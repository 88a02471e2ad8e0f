% rebase('base', title=title)
%# A list shown through a read-only share link: no forms, and no links into the app.
% to_do = the_list.to_do
% done_items = the_list.done
<h1>{{the_list.name}}</h1>
<p class="meta">{{_("A read-only copy of this list, shared with you. {done} of {total} done.", done=len(done_items), total=len(the_list.items))}}</p>
% if to_do:
<ul class="shared">
% for item in to_do:
<li><span class="box" aria-hidden="true"></span>{{item.description}}</li>
% end
</ul>
% elif not the_list.items:
<p class="empty">{{_("Nothing on this list yet.")}}</p>
% else:
<p class="empty">{{_("Everything is done.")}}</p>
% end
% if done_items:
<h2>{{_("Done")}}</h2>
<ul class="shared done">
% for item in done_items:
<li><span class="box" aria-hidden="true">✓</span><del>{{item.description}}</del></li>
% end
</ul>
% end
<p class="actions"><a href="{{path}}" class="button secondary">{{_("Load it again")}}</a></p>
