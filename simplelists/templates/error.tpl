% rebase('base', title=title)
<h1>{{title}}</h1>
<p>{{message}}</p>
% if get('back'):
<p class="actions"><a href="{{back}}">{{_("Back to the list")}}</a></p>
% end
<p class="actions"><a href="/">{{_("Go to the home page")}}</a></p>
