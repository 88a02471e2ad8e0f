%# Device passwords for a phone's Reminders or Tasks app (CalDAV): on a list's Connect page
%# (the_list) and on the page for every list (the_list None). Variables from
%# routes.connect.device_state.
<section aria-labelledby="devices-heading" id="devices">
<h2 id="devices-heading">{{_("Reminders or Tasks app on a phone")}}</h2>
% if device_secret:
<section class="notice created" aria-labelledby="new-device-heading">
<h3 id="new-device-heading">{{_("Device password for “{name}”", name=device_name)}}</h3>
<p>{{_("Copy it now: it is shown only this once. In the phone's settings, add a CalDAV account with these:")}}</p>
<label for="new-device-server">{{_("Server")}}</label>
<input type="text" id="new-device-server" class="copy" value="{{server_url}}" readonly autocomplete="off" spellcheck="false">
<label for="new-device-user">{{_("User name")}}</label>
<input type="text" id="new-device-user" class="copy" value="{{dav_username}}" readonly autocomplete="off" spellcheck="false">
<label for="new-device-password">{{_("Password")}}</label>
<input type="text" id="new-device-password" class="copy" value="{{device_secret}}" readonly autocomplete="off" spellcheck="false">
</section>
% end
% if device_revoked:
<p class="notice" role="status">{{_("The device password was revoked: the phone using it is refused from now on.")}}</p>
% end
<p>{{_("Reminders on an iPhone or iPad, Tasks.org or jtx Board with DAVx⁵ on Android, Thunderbird and Home Assistant can sync lists, even offline: ticks made without signal show here once the phone is back online. Each phone needs a device password of its own. The guide “Phones and assistants” has the steps for each app.")}}</p>
<label for="dav-server">{{_("Server address to type")}}</label>
<input type="text" id="dav-server" class="copy" value="{{server_url}}" readonly autocomplete="off" spellcheck="false" aria-describedby="dav-hint">
<p class="meta" id="dav-hint">{{_("Apps that ask for a whole URL (DAVx⁵, Home Assistant) take {url}. The user name to type is “{user}”.", url=dav_url, user=dav_username)}}</p>
<h3>{{_("Device passwords")}}</h3>
% include('token_list', rows=devices, action="/revoke-device-password", empty=_("No device passwords yet."))
<form method="post" action="/create-device-password" class="stack tokens-form" id="create-device-password">
{{!hidden(list_id=the_list.id) if the_list else hidden()}}
<label for="device-name">{{_("Name of the phone or app")}}</label>
<input type="text" id="device-name" name="name" value="{{device_form_name}}" placeholder="{{_("Mum’s iPhone")}}" autocomplete="off"{{!' aria-invalid="true" aria-describedby="device-name-error"' if device_error else ''}}>
% if device_error:
<p class="error" id="device-name-error" role="alert">{{device_error}}</p>
% end
<button type="submit">{{_("Make a device password")}}</button>
</form>
</section>
