% rebase('base', title=title)
<h1>{{_("Sections of “{name}”", name=the_list.name)}}</h1>
<p class="meta">{{_("Open items are shown under their section, in this order; items without a section come first. To put an item into a section, edit it, or choose the section when you add it.")}}</p>
% if changed:
<p class="notice" role="status">{{_("This list was changed by someone else since you loaded it. This is how it looks now.")}}</p>
% end
% if the_list.sections:
<ul class="sections">
% for index, section in enumerate(the_list.sections):
<li id="section-{{section.id}}">
% if rename_id == section.id:
<form method="post" action="/rename-section" class="row edit" id="rename-section">
{{!hidden(the_list, section_id=section.id)}}
<label for="section-name" class="visually-hidden">{{_("New name for section {name}", name=section.name)}}</label>
<input type="text" id="section-name" name="name" value="{{section.name if rename_text is None else rename_text}}" autocomplete="off" autofocus{{!' aria-invalid="true" aria-describedby="section-name-error"' if rename_error else ''}}>
<button type="submit">{{_("Save")}}</button>
<a href="/lists/{{the_list.id}}?sections=1#section-{{section.id}}" class="button secondary">{{_("Cancel")}}</a>
</form>
% if rename_error:
<p class="error" id="section-name-error" role="alert">{{rename_error}}</p>
% end
% else:
<form method="post" action="/move-section" class="item-row">
{{!hidden(the_list, section_id=section.id)}}
<span class="text">{{section.name}} <span class="meta">· {{ngettext("{count} open item", "{count} open items", counts[section.id])}}</span></span>
<span class="controls">
<button type="submit" name="move" value="up" class="icon" aria-label="{{_("Move section {name} up", name=section.name)}}" title="{{_("Move up")}}"{{!' disabled' if index == 0 else ''}}>↑</button>
<button type="submit" name="move" value="down" class="icon" aria-label="{{_("Move section {name} down", name=section.name)}}" title="{{_("Move down")}}"{{!' disabled' if index == len(the_list.sections) - 1 else ''}}>↓</button>
<button type="submit" name="move" value="top" class="icon" aria-label="{{_("Move section {name} to the top", name=section.name)}}" title="{{_("Move to the top")}}"{{!' disabled' if index == 0 else ''}}>⤒</button>
<a href="/lists/{{the_list.id}}?sections=1&amp;rename-section={{section.id}}" class="icon" aria-label="{{_("Rename section {name}", name=section.name)}}" title="{{_("Rename section")}}">✎</a>
<a href="/lists/{{the_list.id}}?sections=1&amp;delete-section={{section.id}}" class="icon delete" aria-label="{{_("Delete section {name}", name=section.name)}}" title="{{_("Delete section")}}">✕</a>
</span>
</form>
% end
</li>
% end
</ul>
% else:
<p class="empty">{{_("This list has no sections yet. Add one for each aisle of the shop, room of the house or person, in the order you go through them.")}}</p>
% end
<form method="post" action="/add-section" class="row" id="add-section">
{{!hidden(the_list)}}
<label for="new-section" class="visually-hidden">{{_("New section")}}</label>
<input type="text" id="new-section" name="name" value="{{name}}" placeholder="{{_("New section, e.g. Dairy")}}" autocomplete="off"{{!' autofocus' if rename_id is None else ''}}{{!' aria-invalid="true" aria-describedby="new-section-error"' if error else ''}}>
<button type="submit">{{_("Add section")}}</button>
</form>
% if error:
<p class="error" id="new-section-error" role="alert">{{error}}</p>
% end
<p><a href="/lists/{{the_list.id}}">{{_("Back to {name}", name=the_list.name)}}</a></p>
