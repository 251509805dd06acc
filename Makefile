# The two set-up commands are `make run` and `make test`; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test lint format migrations-check messages superuser demo-accounts venv clean

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Development server on SQLite with the demo content, at http://127.0.0.1:$(PORT) (PORT=8001 make run)
run: venv
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_demo
	@echo "Admin: http://127.0.0.1:$(PORT)/admin/ (create an account with 'make superuser', or the demo accounts with 'make demo-accounts')"
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: venv
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check . .ci/catalogue
	$(BIN)/ruff format --check . .ci/catalogue

format: venv
	$(BIN)/ruff check --fix . .ci/catalogue
	$(BIN)/ruff format . .ci/catalogue

migrations-check: venv
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# The Spanish catalogue: collect the translatable strings into locale/es/LC_MESSAGES/django.po
# (needs GNU gettext: apt-get install gettext), then compile django.mo with polib. Translate
# what it added, run it again, and commit both files; `.ci/catalogue check` says what is missing.
messages: venv
	$(BIN)/python .ci/catalogue messages

superuser: venv
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py createsuperuser

# An editor, a medical reviewer and an admin, linked to demo authors, with passwords printed once
# (run again to reset them). Refuses to run with DEBUG off.
demo-accounts: venv
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py demo_accounts

clean:
	rm -rf $(VENV) staticfiles node_modules artifacts
