# shellcheck shell=bash
# Shared helpers for dev/run and dev/test: locate Odoo's source, build the
# project virtualenv, make PostgreSQL reachable and link the addon.
set -euo pipefail

ADDON_NAME=crm_similar_leads
PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV_DIR=${VENV_DIR:-$PROJECT_DIR/.venv}
ODOO_DEFAULT_SRC=${XDG_CACHE_HOME:-$HOME/.cache}/odoo-src/19.0
ODOO_GIT_URL=https://github.com/odoo/odoo.git
PG_DEFAULT_ROLE=odoo
# Modules that extend core's merge or store references to leads in ways of
# their own: installed beside the addon in the test database, and whose own
# test suites run with the addon (dev/peer-test).
PEER_MODULES=sale_crm,event_crm,website_crm,crm_iap_enrich,crm_iap_mine,website_crm_iap_reveal,website_crm_partner_assign,base_automation,snailmail

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

# Sets ODOO_SRC to a folder holding odoo-bin, cloning Odoo 19.0 when needed.
find_odoo() {
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -x "$ODOO_SRC/odoo-bin" ] || die "ODOO_SRC=$ODOO_SRC has no odoo-bin. Point ODOO_SRC at a checkout of Odoo 19.0."
        return
    fi
    ODOO_SRC=$ODOO_DEFAULT_SRC
    if [ -x "$ODOO_SRC/odoo-bin" ]; then return; fi
    say "Odoo 19.0 not found; cloning it into $ODOO_SRC"
    mkdir -p "$(dirname "$ODOO_SRC")"
    if ! git clone --quiet --depth 1 --branch 19.0 "$ODOO_GIT_URL" "$ODOO_SRC"; then
        rm -rf "$ODOO_SRC"
        die "Odoo 19.0 source not found and it could not be cloned (no network?).
  Looked in: \$ODOO_SRC (unset) and $ODOO_DEFAULT_SRC.
  Put a checkout of Odoo 19.0 Community (the folder holding odoo-bin, odoo/ and addons/)
  in $ODOO_DEFAULT_SRC, or set ODOO_SRC to where it is."
    fi
}

# Creates or refreshes the project virtualenv; a stamp skips the work when
# neither Odoo's nor the project's requirements changed.
ensure_venv() {
    local reqs stamp want
    reqs=$(mktemp)
    # psycopg2 builds from source: take the binary wheel; python-ldap needs
    # system headers and only serves the auth_ldap addon.
    sed -e '/^python-ldap/d' -e 's/^psycopg2==/psycopg2-binary==/' "$ODOO_SRC/requirements.txt" >"$reqs"
    want=$(cat "$reqs" "$PROJECT_DIR/dev/requirements.txt" | sha1sum | cut -c1-16)
    stamp=$VENV_DIR/.requirements-$want
    if [ -f "$stamp" ]; then rm -f "$reqs"; return; fi
    say "Preparing the virtualenv in $VENV_DIR"
    [ -x "$VENV_DIR/bin/python" ] || python3 -m venv "$VENV_DIR" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)."
    local pip=("$VENV_DIR/bin/python" -m pip --disable-pip-version-check --quiet)
    # Some of Odoo's pinned requirements are old sdists that only build with
    # an older setuptools and without build isolation.
    # (grep: hide pip's notes about local package folders this machine lacks)
    { "${pip[@]}" install --upgrade pip wheel 'setuptools<70' \
        && "${pip[@]}" install --no-build-isolation -r "$reqs" -r "$PROJECT_DIR/dev/requirements.txt"
    } 2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2) || die "Installing the Python requirements failed."
    rm -f "$reqs" "$VENV_DIR"/.requirements-*
    touch "$stamp"
}

# Makes PGHOST/PGPORT/PGUSER/PGPASSWORD point at a running server and a role
# Odoo may use. As root on a machine where PostgreSQL is installed but
# stopped, starts the cluster and creates the role.
ensure_postgres() {
    command -v psql >/dev/null || die "PostgreSQL client tools (psql) not found. Install PostgreSQL >= 13 (Debian: apt-get install postgresql)."
    if [ "$(id -u)" = 0 ] && [ -z "${PGHOST:-}" ] && command -v pg_lsclusters >/dev/null; then
        local version cluster status
        read -r version cluster _ status _ < <(pg_lsclusters --no-header | sort -rn | head -1) \
            || die "PostgreSQL is installed but has no cluster (create one: pg_createcluster 15 main)."
        if [ "$status" != online ]; then
            say "Starting PostgreSQL $version/$cluster"
            pg_ctlcluster "$version" "$cluster" start || die "Could not start PostgreSQL $version/$cluster (see /var/log/postgresql/)."
        fi
        export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-$(pg_lsclusters --no-header | sort -rn | awk 'NR==1{print $3}')}
        export PGUSER=${PGUSER:-$PG_DEFAULT_ROLE} PGPASSWORD=${PGPASSWORD:-$PG_DEFAULT_ROLE}
        runuser -u postgres -- env -u PGHOST -u PGUSER -u PGPASSWORD psql -q -p "$PGPORT" -d postgres -v ON_ERROR_STOP=1 -v role="$PGUSER" -v pw="$PGPASSWORD" <<'SQL' >/dev/null \
            || die "Could not create the PostgreSQL role $PGUSER."
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw') \gexec
SQL
    fi
    export PGUSER=${PGUSER:-$(id -un)}
    [ "$PGUSER" != postgres ] || die "Odoo refuses the 'postgres' superuser: set PGUSER to another role (with CREATEDB)."
    psql -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1 || die "Cannot reach PostgreSQL as role '$PGUSER' (PGHOST=${PGHOST:-<socket>} PGPORT=${PGPORT:-5432}).
  Start the server, or set PGHOST/PGPORT/PGUSER/PGPASSWORD for a running one; the role needs CREATEDB."
}

# Links the project as $ADDON_NAME into a fresh folder: Odoo finds addons by
# folder name, and the clone may be called anything.
link_addon() {
    ADDONS_LINK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/$ADDON_NAME-addons.XXXXXX")
    ln -s "$PROJECT_DIR" "$ADDONS_LINK_DIR/$ADDON_NAME"
    ADDONS_PATH=$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ADDONS_LINK_DIR
}

# Writes an Odoo configuration file for database $1 and prints its path
# (ODOO_HTTP_PORT: the port of the tests' server, for two runs side by side).
write_odoo_conf() {
    local conf
    conf=$(mktemp "${TMPDIR:-/tmp}/$ADDON_NAME-odoo.XXXXXX.conf")
    # Connection settings left unset are not written: libpq's defaults apply.
    cat >"$conf" <<CONF
[options]
addons_path = $ADDONS_PATH
db_name = $1
${PGHOST:+db_host = $PGHOST}
${PGPORT:+db_port = $PGPORT}
db_user = $PGUSER
${PGPASSWORD:+db_password = $PGPASSWORD}
dbfilter = ^$1\$
list_db = False
http_interface = 127.0.0.1
http_port = ${ODOO_HTTP_PORT:-8069}
CONF
    echo "$conf"
}

# Browser tests (tours) need Chromium: apt-installed when missing, as root.
ensure_chromium() {
    command -v chromium >/dev/null || command -v google-chrome >/dev/null && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "Installing chromium for the browser (tour) tests"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
            || die "apt-get install chromium failed."
    else
        die "Browser tests need Chromium: install it (Debian: apt-get install chromium) and run again."
    fi
}

odoo_bin() { "$VENV_DIR/bin/python" "$ODOO_SRC/odoo-bin" "$@"; }

prepare_all() {
    find_odoo
    ensure_venv
    ensure_postgres
    link_addon
}
