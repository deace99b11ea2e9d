"""gunicorn's configuration, read from the working folder (`gunicorn hub.wsgi`).

Only what the command line cannot say: responses name no server software ("Server: hub"
instead of gunicorn's own name; gunicorn has no setting for it, so its module constant is set
before any worker starts).
"""

import gunicorn.http.wsgi

gunicorn.http.wsgi.SERVER = "hub"
