"""gunicorn settings for Simple Lists (read from the working directory by the Procfile's
command, and by the simplelists command). gunicorn binds 0.0.0.0:$PORT by itself when
PORT is set, so the Procfile needs no shell expansion."""

import os

# One shared CPU and 256 MB: two processes so one slow request never blocks the rest,
# each with a few threads because requests spend part of their time waiting on SQLite.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("SIMPLELISTS_THREADS", "4"))

# Believe X-Forwarded-Proto only from the proxy in front (Fly's); see fly.toml.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

timeout = 30
graceful_timeout = 20  # fly.toml's kill_timeout must stay above this
keepalive = 5

accesslog = "-"  # stdout, one line per request
errorlog = "-"  # stderr
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
