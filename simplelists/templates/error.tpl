% rebase('base', title=title)
<h1>{{title}}</h1>
<p>{{message}}</p>
<p class="actions"><a href="/">{{_("Go to the home page")}}</a></p>
