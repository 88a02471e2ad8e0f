% rebase('base', title=title)
<h1>{{_("Delete section “{name}”?", name=section.name)}}</h1>
<p>{{ngettext("Its {count} open item stays on the list, without a section.", "Its {count} open items stay on the list, without a section.", count)}}</p>
<form method="post" action="/delete-section" class="row">
{{!hidden(the_list, section_id=section.id)}}
<button type="submit" class="danger">{{_("Delete section")}}</button>
<a href="/lists/{{the_list.id}}?sections=1#section-{{section.id}}" class="button secondary">{{_("Cancel")}}</a>
</form>
