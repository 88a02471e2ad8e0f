% rebase('base', title=title)
<h1>{{_("Share “{name}”", name=the_list.name)}}</h1>
% if new_url:
<section class="notice created" aria-labelledby="new-link-heading">
<h2 id="new-link-heading">{{_("Read-only link for “{name}”", name=new_name)}}</h2>
<p>{{_("Copy it, or let them scan the code, now: it is shown only this once. Whoever has it can see the list as it is, but not change it.")}}</p>
<label for="new-link">{{_("Read-only link")}}</label>
<input type="text" id="new-link" class="copy" value="{{new_url}}" readonly autocomplete="off" spellcheck="false">
{{!new_qr}}
</section>
% end
% if revoked:
<p class="notice" role="status">{{_("The read-only link was revoked: it shows “not found” from now on.")}}</p>
% end
<h2>{{_("This list's link")}}</h2>
% if sign_in_on:
<p>{{_("Sign-in is on, so this link asks for the family password first; whoever signs in can see and change the list. For someone without the password, make a read-only link below.")}}</p>
% else:
<p>{{_("Whoever has this link can see and change the list. To show it to someone who should not change it, make a read-only link below.")}}</p>
% end
<label for="list-link">{{_("Link to this list")}}</label>
<input type="text" id="list-link" class="copy" value="{{list_url}}" readonly autocomplete="off" spellcheck="false">
{{!list_qr}}
<h2>{{_("Read-only links")}}</h2>
<p>{{_("A read-only link shows the list as it is when opened, with nothing to change, and needs no password. Make one for each person, so you can revoke it when it is no longer needed: it stops working at once.")}}</p>
% include('token_list', rows=links, action="/revoke-share-link", empty=_("No read-only links yet."))
<form method="post" action="/create-share-link" class="stack tokens-form" id="create-share-link">
{{!hidden(list_id=the_list.id)}}
<label for="link-name">{{_("Who is it for?")}}</label>
<input type="text" id="link-name" name="name" value="{{name}}" placeholder="{{_("Grandma")}}" autocomplete="off"{{!' aria-invalid="true" aria-describedby="link-name-error"' if error else ''}}>
% if error:
<p class="error" id="link-name-error" role="alert">{{error}}</p>
% end
<button type="submit">{{_("Make a read-only link")}}</button>
</form>
<p class="actions"><a href="/lists/{{the_list.id}}">{{_("Back to {name}", name=the_list.name)}}</a></p>
