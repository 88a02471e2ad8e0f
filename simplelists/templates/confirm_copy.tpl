% rebase('base', title=title)
<h1>{{_("Copy “{name}”?", name=the_list.name)}}</h1>
<p>{{ngettext("The new list gets its {count} item, not done, in the same sections and order. This list stays as it is.", "The new list gets its {count} items, none of them done, in the same sections and order. This list stays as it is.", len(the_list.items))}}</p>
<form method="post" action="/copy-list" class="stack" id="copy-list">
{{!hidden(list_id=the_list.id)}}
<label for="copy-name">{{_("Name of the new list")}}</label>
<input type="text" id="copy-name" name="name" value="{{name}}" autocomplete="off" autofocus{{!' aria-invalid="true" aria-describedby="copy-name-error"' if error else ''}}>
% if error:
<p class="error" id="copy-name-error" role="alert">{{error}}</p>
% end
<div class="row">
<button type="submit">{{_("Copy list")}}</button>
<a href="/lists/{{the_list.id}}" class="button secondary">{{_("Cancel")}}</a>
</div>
</form>
