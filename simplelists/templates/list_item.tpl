%# The items of one part of list.tpl (to do, or done), included with items and movable.
%# Each item is one form: its tick button posts to /update-done (done=on ticks, no done
%# field unticks, as in the Go original), the others name their own address (formaction).
%# One include per part rather than per item: each include copies the page's variables
%# and runs a template of its own, which doubled the cost of rendering an item.
% for index, item in enumerate(items):
<li id="item-{{item.id}}" class="item{{' done' if item.done else ''}}">
% if edit_id == item.id:
<form method="post" action="/edit-item" class="row edit" id="edit-item">
{{!hidden(the_list, item, **kept)}}
<label for="edit-description" class="visually-hidden">{{_("New text for {name}", name=item.description)}}</label>
<input type="text" id="edit-description" name="description" value="{{item.description if edit_text is None else edit_text}}" autocomplete="off" autofocus{{!' aria-invalid="true" aria-describedby="edit-error"' if edit_error else ''}}>
% if the_list.sections:
<span class="section-choice">
<label for="edit-section">{{_("Section")}}</label>
% include('section_select', select_id='edit-section', selected=item.section_id)
</span>
% end
<button type="submit">{{_("Save")}}</button>
<a href="/lists/{{the_list.id}}{{'?' + kept_query.rstrip('&') if kept_query else ''}}#item-{{item.id}}" class="button secondary">{{_("Cancel")}}</a>
</form>
% if edit_error:
<p class="error" id="edit-error" role="alert">{{edit_error}}</p>
% end
% else:
<form method="post" action="/update-done" class="item-row">
{{!hidden(the_list, item, **kept)}}
% if item.done:
<button type="submit" id="tick-{{item.id}}" class="check" aria-pressed="true" aria-label="{{_('Mark {name} not done', name=item.description)}}">✓</button>
<label for="tick-{{item.id}}" class="text"><del>{{item.description}}</del>{{!phone_details(item)}}</label>
% else:
<button type="submit" name="done" value="on" id="tick-{{item.id}}" class="check" aria-pressed="false" aria-label="{{_('Mark {name} done', name=item.description)}}"></button>
<label for="tick-{{item.id}}" class="text">{{item.description}}{{!phone_details(item)}}</label>
% end
% if reorder and not item.done:
<button type="submit" formaction="/move-item" name="move" value="up" class="icon" aria-label="{{_('Move {name} up', name=item.description)}}" title="{{_('Move up')}}"{{!' disabled' if movable and index == 0 else ''}}>↑</button>
<button type="submit" formaction="/move-item" name="move" value="down" class="icon" aria-label="{{_('Move {name} down', name=item.description)}}" title="{{_('Move down')}}"{{!' disabled' if movable and index == len(items) - 1 else ''}}>↓</button>
<button type="submit" formaction="/move-item" name="move" value="top" class="icon" aria-label="{{_('Move {name} to the top', name=item.description)}}" title="{{_('Move to the top')}}"{{!' disabled' if movable and index == 0 else ''}}>⤒</button>
% else:
%# No #item- fragment here: browsers skip autofocus when the URL targets an element,
%# and the edit field must get the keyboard (autofocus scrolls it into view anyway).
<a href="/lists/{{the_list.id}}?{{kept_query}}edit={{item.id}}" class="icon" aria-label="{{_("Edit {name}", name=item.description)}}" title="{{_("Edit item")}}">✎</a>
<button type="submit" formaction="/delete-item" class="icon delete" aria-label="{{_('Delete {name}', name=item.description)}}" title="{{_('Delete item')}}">✕</button>
% end
</form>
% end
</li>
% end
