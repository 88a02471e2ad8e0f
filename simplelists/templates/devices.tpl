% rebase('base', title=title)
<h1>{{_("Phones and tablets")}}</h1>
<p>{{_("A device password made here syncs every list, including lists made later. For one list only, make it on that list's “Connect a phone or assistant” page.")}}</p>
% include('device_passwords')
<p class="actions"><a href="/">{{_("Back to all lists")}}</a></p>
