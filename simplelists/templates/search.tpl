% rebase('base', title=title)
<h1>{{_("Search")}}</h1>
<form method="get" action="/search" class="row" role="search" id="search">
<label for="search-text" class="visually-hidden">{{_("Search all lists")}}</label>
<input type="search" id="search-text" name="q" value="{{query}}" placeholder="{{_("Search all lists")}}" autocomplete="off"{{!' autofocus' if not query else ''}}{{!' aria-invalid="true" aria-describedby="search-error"' if error else ''}}>
<button type="submit">{{_("Search")}}</button>
</form>
% if error:
<p class="error" id="search-error" role="alert">{{error}}</p>
% end
% if summary:
<p class="meta" role="status">{{summary}}</p>
% end
% for found in results.lists:
<h2><a href="/lists/{{found.id}}">{{found.name}}</a></h2>
% if found.items:
<ul class="results">
% for item in found.items:
<li{{!' class="done"' if item.done else ''}}><a href="/lists/{{found.id}}#item-{{item.id}}">
% if item.done:
<del>{{item.description}}</del> <span class="meta">{{_("done")}}</span>
% else:
{{item.description}}
% end
</a></li>
% end
</ul>
% else:
<p class="meta">{{_("The list’s name matches.")}}</p>
% end
% end
