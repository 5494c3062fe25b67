# Sourced by scripts that run chorus beside Google's dp-accounting 0.6.0:
# builds the release `chorus`, makes a throwaway venv with dp-accounting and
# sets $chorus and $python; the venv is removed on exit.
swift build -c release --product chorus >/dev/null
chorus="$(swift build -c release --show-bin-path)/chorus"
venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check dp-accounting==0.6.0
python="$venv/bin/python"
