% rebase('base', title=title)
<h1>{{_("Simple Lists")}}</h1>
<form method="post" action="/create-list" class="row" id="create-list">
{{!hidden()}}
<label for="name" class="visually-hidden">{{_("New list name")}}</label>
<input type="text" id="name" name="name" value="{{name}}" placeholder="{{_('New list name')}}" autocomplete="off"{{!' aria-invalid="true" aria-describedby="name-error"' if error else ''}}>
<button type="submit">{{_("Create list")}}</button>
</form>
% if error:
<p class="error" id="name-error" role="alert">{{error}}</p>
% end
% if lists:
<ul class="lists">
% for summary in lists:
<li>
<a href="/lists/{{summary.id}}" class="list-link">{{summary.name}}</a>
%# Translators: {done} items of the {count} on the list are ticked off, e.g. "3 of 10 done".
<span class="meta">{{!date(summary.time_created)}} · {{ngettext("{done} of {count} done", "{done} of {count} done", summary.item_count, done=summary.done_count)}}</span>
<a href="/lists/{{summary.id}}?delete=1" class="icon delete" aria-label="{{_('Delete {name}', name=summary.name)}}" title="{{_('Delete list')}}">✕</a>
</li>
% end
</ul>
% end
% if search_all:
<form method="get" action="/search" class="row" role="search" id="search">
<label for="search-text" class="visually-hidden">{{_("Search all lists")}}</label>
<input type="search" id="search-text" name="q" placeholder="{{_("Search all lists")}}" autocomplete="off">
<button type="submit" class="secondary">{{_("Search")}}</button>
</form>
% end
<details class="import"{{!' open' if import_error else ''}}>
<summary>{{_("Import a list")}}</summary>
<form method="post" action="/import-list" enctype="multipart/form-data" class="stack" id="import-list">
{{!hidden()}}
%# Translators: examples of the Markdown a list can be pasted in: keep "- [x] ", "# " and "## ", translate the words.
% example, heading, section = code(_("- [x] Eggs")), code(_("# Name")), code(_("## Dairy"))
<p class="meta" id="import-hint">{{!markup("Paste one item per line, or a Markdown checklist ({example} is done). A first line {heading} names the list; a line {section} starts a section.", example=example, heading=heading, section=section)}}</p>
<label for="import-name">{{_("List name (optional)")}}</label>
<input type="text" id="import-name" name="name" value="{{import_name}}" autocomplete="off">
<label for="import-text">{{_("Items")}}</label>
<textarea id="import-text" name="text" rows="6" aria-describedby="import-hint{{' import-error' if import_error else ''}}"{{!' aria-invalid="true"' if import_error else ''}}>{{import_text}}</textarea>
<label for="import-file">{{_("Or choose a file (.txt or .md)")}}</label>
<input type="file" id="import-file" name="file" accept=".txt,.md,.markdown,text/plain,text/markdown">
% if import_error:
<p class="error" id="import-error" role="alert">{{import_error}}</p>
% end
<button type="submit">{{_("Import list")}}</button>
</form>
</details>
% if export_all:
<p class="actions"><a href="/export.json">{{_("Download all lists (JSON)")}}</a></p>
<p class="actions"><a href="/devices">{{_("Sync every list with a phone's Reminders or Tasks app")}}</a></p>
% end
