% rebase('base', title=title)
<h1>{{_("Connect a phone or assistant to “{name}”", name=the_list.name)}}</h1>
% if new_secret:
<section class="notice created" aria-labelledby="new-token-heading">
<h2 id="new-token-heading">{{_("Token for “{name}”", name=new_name)}}</h2>
<p>{{_("Copy it now: it is shown only this once. Put it in the shortcut or the assistant as the value of its “Authorization” header.")}}</p>
<label for="new-token">{{_("Value of the Authorization header")}}</label>
<input type="text" id="new-token" class="copy" value="Bearer {{new_secret}}" readonly autocomplete="off" spellcheck="false">
<p class="meta" id="try-it-hint">{{_("To try it from a computer's terminal:")}}</p>
<pre class="copy" aria-describedby="try-it-hint">curl -H "Authorization: Bearer {{new_secret}}" --data-binary "{{_("Milk")}}" {{api_url}}</pre>
</section>
% end
% if revoked:
<p class="notice" role="status">{{_("The token was revoked: whatever still uses it is refused from now on.")}}</p>
% end
<p>{{_("Add to this list by voice or from a script: with a shortcut on an iPhone or Android phone, with Home Assistant, or with curl. Each of them needs the list's address below and a token of its own. The README of Simple Lists has step-by-step recipes.")}}</p>
<label for="api-url">{{_("The list's address for shortcuts and scripts")}}</label>
<input type="text" id="api-url" class="copy" value="{{api_url}}" readonly autocomplete="off" spellcheck="false" aria-describedby="api-hint">
<p class="meta" id="api-hint">{{_("POST to it adds items, one per line, as plain text, a form field “text” or JSON. GET reads the items not done yet. Both need the header “Authorization: Bearer” and a token.")}}</p>
<h2>{{_("Tokens")}}</h2>
% include('token_list', rows=tokens, action="/revoke-api-token", empty=_("No tokens yet."))
<form method="post" action="/create-api-token" class="stack tokens-form" id="create-api-token">
{{!hidden(list_id=the_list.id)}}
<label for="token-name">{{_("Name of the phone, app or assistant")}}</label>
<input type="text" id="token-name" name="name" value="{{name}}" placeholder="{{_("Mum’s iPhone")}}" autocomplete="off"{{!' aria-invalid="true" aria-describedby="token-name-error"' if error else ''}}>
% if error:
<p class="error" id="token-name-error" role="alert">{{error}}</p>
% end
<button type="submit">{{_("Make a token")}}</button>
</form>
% include('device_passwords')
<p class="actions"><a href="/lists/{{the_list.id}}">{{_("Back to {name}", name=the_list.name)}}</a></p>
