% rebase('base', title=title)
<h1>{{_("Simple Lists")}}</h1>
<form method="post" action="/sign-in" class="stack">
{{!hidden(return_url=return_url)}}
% if error:
<p class="error" role="alert">{{_("Incorrect username or password.")}}</p>
% end
<label for="username">{{_("Username")}}</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" autofocus required>
<label for="password">{{_("Password")}}</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">{{_("Sign in")}}</button>
</form>
