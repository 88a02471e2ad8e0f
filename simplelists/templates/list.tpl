% rebase('base', title=title)
% to_do = the_list.to_do
% done_items = the_list.done
% focus_add = edit_id is None and not renaming and not several_error
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
<p class="meta">{{ngettext("{done} of {count} done", "{done} of {count} done", len(the_list.items), done=len(done_items))}}</p>
% if changed:
<p class="notice" role="status">{{_("This list was changed by someone else since you loaded it. This is how it looks now.")}}</p>
% end
% if deleted:
<form method="post" action="/restore-items" class="notice row" id="undo">
{{!hidden(the_list, item_ids=','.join(str(item.id) for item in deleted))}}
<span role="status" id="undo-message">{{undo_message}}</span>
<button type="submit" class="secondary" aria-describedby="undo-message">{{_("Undo")}}</button>
</form>
% end
% if reorder:
<p class="notice">{{_("Move items with the arrows.")}} <a href="/lists/{{the_list.id}}">{{_("Done reordering")}}</a></p>
% end
% if to_do:
<ul class="items">
% include('list_item', items=to_do, movable=True)
</ul>
% elif not the_list.items:
<p class="empty">{{_("Nothing on this list yet.")}}</p>
% else:
<p class="empty">{{_("Everything is done.")}}</p>
% end
<form method="post" action="/add-item" class="row add" id="add-item">
{{!hidden(the_list)}}
<label for="description" class="visually-hidden">{{_("New item")}}</label>
<input type="text" id="description" name="description" value="{{description}}" placeholder="{{_('Add an item')}}" autocomplete="off"{{!' autofocus' if focus_add else ''}}{{!' aria-invalid="true" aria-describedby="description-error"' if error else ''}}>
<button type="submit">{{_("Add")}}</button>
</form>
% if error:
<p class="error" id="description-error" role="alert">{{error}}</p>
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
% if len(to_do) > 1 and not reorder:
<li><a href="/lists/{{the_list.id}}?reorder=1">{{_("Reorder items")}}</a></li>
% end
% if done_items:
<li><form method="post" action="/uncheck-all" class="inline" id="uncheck-all">
{{!hidden(the_list)}}
<button type="submit" class="link">{{_("Uncheck all")}}</button>
</form></li>
<li><a href="/lists/{{the_list.id}}?clear-done=1">{{_("Clear done items…")}}</a></li>
% end
<li><a href="/lists/{{the_list.id}}/share">{{_("Share")}}</a></li>
<li><a href="/lists/{{the_list.id}}/connect">{{_("Connect a phone or assistant")}}</a></li>
<li><a href="/lists/{{the_list.id}}.txt">{{_("Download as text")}}</a></li>
<li><a href="/lists/{{the_list.id}}.md">{{_("Download as Markdown")}}</a></li>
<li><a href="/trash?list={{the_list.id}}">{{_("Recently deleted")}}</a></li>
<li><a href="/lists/{{the_list.id}}?delete=1">{{_("Delete this list…")}}</a></li>
</ul>
