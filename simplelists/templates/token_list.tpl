%# A list's API tokens or share links (rows from routes.connect.token_rows), each with a
%# button to revoke it; included with rows, action (the form's address) and empty (what
%# to say when there are none). On the page for every list (no the_list) the form names no list.
% if rows:
<ul class="tokens">
% for row in rows:
<li>
<span class="text">{{row.name}} <span class="meta">{{row.described}}</span></span>
<form method="post" action="{{action}}" class="inline">
{{!hidden(list_id=the_list.id, token_id=row.id) if the_list else hidden(token_id=row.id)}}
<button type="submit" class="secondary" aria-label="{{row.revoke_label}}">{{_("Revoke")}}</button>
</form>
</li>
% end
</ul>
% else:
<p class="empty">{{empty}}</p>
% end
