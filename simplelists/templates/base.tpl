<!DOCTYPE html>
<html lang="{{language.tag}}" dir="{{language.direction}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light dark">
<title>{{title}}</title>
<link rel="stylesheet" href="{{stylesheet_url}}">
% include('app_head')
</head>
<body>
<main>
{{!base}}
</main>
% if not get('read_only', False):
<footer>
%# Translators: the name screen readers give the links at the foot of every page.
<nav aria-label="{{_('Site')}}">
<a href="/">{{_("Home")}}</a>
% if show_search:
<a href="/search">{{_("Search")}}</a>
% end
% if show_trash:
<a href="/trash">{{_("Trash")}}</a>
% end
% if show_sign_out:
<form method="post" action="/sign-out" class="inline">
{{!hidden()}}
<button type="submit" class="link">{{_("Sign out")}}</button>
</form>
% end
</nav>
% if len(languages) > 1:
<form method="post" action="/language" class="language row" id="language">
{{!hidden(return_url=here)}}
<label for="language-choice">{{_("Language")}}</label>
<select id="language-choice" name="language">
% for choice in languages:
<option value="{{choice.code}}" lang="{{choice.tag}}"{{!' selected' if choice.code == language.code else ''}}>{{choice.name}}</option>
% end
</select>
%# Translators: the button beside the language menu that switches to the chosen language.
<button type="submit" class="secondary">{{_("Change")}}</button>
</form>
% end
</footer>
% end
</body>
</html>
