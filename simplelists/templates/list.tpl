% rebase('base', title=title)
% to_do_count = sum(len(items) for _section, items in groups)
% focus_add = edit_id is None and not renaming and not several_error and not search_text and not again_open
<h1>{{the_list.name}}</h1>
% if renaming:
<form method="post" action="/rename-list" class="row" id="rename-list">
{{!hidden(the_list)}}
<label for="list-name" class="visually-hidden">{{_("New name for {name}", name=the_list.name)}}</label>
<input type="text" id="list-name" name="name" value="{{the_list.name if rename_text is None else rename_text}}" autocomplete="off" autofocus{{!' aria-invalid="true" aria-describedby="list-name-error"' if rename_error else ''}}>
<button type="submit">{{_("Save name")}}</button>
<a href="/lists/{{the_list.id}}" class="button secondary">{{_("Cancel")}}</a>
</form>
% if rename_error:
<p class="error" id="list-name-error" role="alert">{{rename_error}}</p>
% end
% end
<p class="meta">{{ngettext("{done} of {count} done", "{done} of {count} done", len(the_list.items), done=len(the_list.done))}}</p>
% if changed:
<p class="notice" role="status">{{_("This list was changed by someone else since you loaded it. This is how it looks now.")}}</p>
% end
% if added_message and not (again_open and add_again):
<p class="notice" role="status" id="added-message">{{added_message}}</p>
% end
% if deleted:
<form method="post" action="/restore-items" class="notice row" id="undo">
{{!hidden(the_list, item_ids=','.join(str(item.id) for item in deleted))}}
<span role="status" id="undo-message">{{undo_message}}</span>
<button type="submit" class="secondary" aria-describedby="undo-message">{{_("Undo")}}</button>
</form>
% end
% if the_list.items or search_text:
<form method="get" action="/lists/{{the_list.id}}" class="row find" role="search" id="find-in-list">
<label for="find" class="visually-hidden">{{_("Find in this list")}}</label>
<input type="search" id="find" name="q" value="{{search_text}}" placeholder="{{_("Find in this list")}}" autocomplete="off">
<button type="submit" class="secondary">{{_("Find")}}</button>
</form>
% end
% if search_text:
<p class="notice" role="status">{{ngettext("{count} item matches “{text}”.", "{count} items match “{text}”.", shown_count, text=search_text)}} <a href="/lists/{{the_list.id}}">{{_("Show the whole list")}}</a>
% if search_all_url:
<a href="{{search_all_url}}">{{_("Search all lists")}}</a>
% end
</p>
% end
% if reorder:
<p class="notice">{{_("Move items with the arrows.")}} <a href="/lists/{{the_list.id}}">{{_("Done reordering")}}</a></p>
% end
% if groups:
% for section, items in groups:
% if section is not None:
<h2 class="section" id="section-{{section.id}}">{{section.name}}</h2>
% end
<ul class="items">
% include('list_item', items=items, movable=True)
</ul>
% end
% elif search_text:
<p class="empty">{{_("No open items match.")}}</p>
% elif not the_list.items:
<p class="empty">{{_("Nothing on this list yet.")}}</p>
% else:
<p class="empty">{{_("Everything is done.")}}</p>
% end
<form method="post" action="/add-item" class="add" id="add-item">
{{!hidden(the_list)}}
<div class="row">
<label for="description" class="visually-hidden">{{_("New item")}}</label>
<input type="text" id="description" name="description" value="{{description}}" placeholder="{{_("Add an item")}}" autocomplete="off"{{!' list="suggestions"' if suggestions else ''}}{{!' autofocus' if focus_add else ''}}{{!' aria-invalid="true" aria-describedby="description-error"' if error else ''}}>
<button type="submit">{{_("Add")}}</button>
</div>
% if the_list.sections:
<div class="row section-choice">
<label for="add-section">{{_("Into section")}}</label>
% include('section_select', select_id='add-section', selected=chosen_section)
</div>
% end
</form>
% if suggestions:
{{!datalist("suggestions", (suggestion.description for suggestion in suggestions))}}
% end
% if error:
<p class="error" id="description-error" role="alert">{{error}}</p>
% end
% if add_again:
<details class="add-again" id="add-again"{{!' open' if again_open else ''}}>
<summary>{{_("Add again")}}</summary>
% if added_message and again_open:
<p class="notice" role="status" id="added-message">{{added_message}}</p>
% end
<form method="post" action="/add-item" class="choices" id="add-again-form">
{{!hidden(the_list, again=1)}}
% for suggestion in add_again:
<button type="submit" name="description" value="{{suggestion.description}}" class="secondary" aria-label="{{_("Add {name} again", name=suggestion.description)}}">{{suggestion.description}}</button>
% end
</form>
</details>
% end
%# Adding several items is a separate textarea form rather than turning the add box into
%# a textarea: without JavaScript, Enter in a textarea only starts a new line, and phone
%# keyboards show no "Go" key for it, so the everyday one-item add would need a tap on
%# Add every time. Both forms post the same "description" field to /add-item.
<details class="add-several"{{!' open' if several_text or several_error else ''}}>
<summary>{{_("Add several at once")}}</summary>
<form method="post" action="/add-item" class="stack" id="add-items">
{{!hidden(the_list, several=1)}}
<label for="several-items">{{_("One item per line")}}</label>
<textarea id="several-items" name="description" rows="5"{{!' autofocus aria-invalid="true" aria-describedby="several-error"' if several_error else ''}}>{{several_text}}</textarea>
% if the_list.sections:
<label for="several-section">{{_("Into section")}}</label>
% include('section_select', select_id='several-section', selected=chosen_section)
% end
% if several_error:
<p class="error" id="several-error" role="alert">{{several_error}}</p>
% end
<button type="submit">{{_("Add all")}}</button>
</form>
</details>
% if done_items:
<h2>{{_("Done")}}</h2>
<ul class="items">
% include('list_item', items=done_items, movable=False)
</ul>
% end
<ul class="actions">
<li><a href="/lists/{{the_list.id}}?rename=1">{{_("Rename list")}}</a></li>
% if to_do_count > 1 and not reorder and not search_text:
<li><a href="/lists/{{the_list.id}}?reorder=1">{{_("Reorder items")}}</a></li>
% end
<li><a href="/lists/{{the_list.id}}?sections=1">{{_("Sections")}}</a></li>
% if the_list.done:
<li><form method="post" action="/uncheck-all" class="inline" id="uncheck-all">
{{!hidden(the_list)}}
<button type="submit" class="link">{{_("Uncheck all")}}</button>
</form></li>
<li><a href="/lists/{{the_list.id}}?clear-done=1">{{_("Clear done items…")}}</a></li>
% end
<li><a href="/lists/{{the_list.id}}?copy=1">{{_("Copy this list…")}}</a></li>
<li><a href="/lists/{{the_list.id}}/share">{{_("Share")}}</a></li>
<li><a href="/lists/{{the_list.id}}/connect">{{_("Connect a phone or assistant")}}</a></li>
<li><a href="/lists/{{the_list.id}}.txt">{{_("Download as text")}}</a></li>
<li><a href="/lists/{{the_list.id}}.md">{{_("Download as Markdown")}}</a></li>
<li><a href="/trash?list={{the_list.id}}">{{_("Recently deleted")}}</a></li>
<li><a href="/lists/{{the_list.id}}?delete=1">{{_("Delete this list…")}}</a></li>
</ul>
