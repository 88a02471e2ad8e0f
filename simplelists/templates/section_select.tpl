%# The choice of section for an item, included with select_id and selected (a section
%# ID, or None for "No section"); the field is section-id, "" for no section.
<select id="{{select_id}}" name="section-id">
<option value=""{{!' selected' if selected is None else ''}}>{{_("No section")}}</option>
% for section in the_list.sections:
<option value="{{section.id}}"{{!' selected' if section.id == selected else ''}}>{{section.name}}</option>
% end
</select>
