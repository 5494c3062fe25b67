# Sourced by the librosa scripts: creates a throwaway virtual environment
# with librosa 0.11 from PyPI in a temporary folder, removed on exit.
# Sets $work (the temporary folder) and $python (the venv's interpreter).
work=$(mktemp -d "${TMPDIR:-/tmp}/chorus-librosa.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
python="$work/venv/bin/python"
"$python" -m pip install --quiet --disable-pip-version-check "librosa==0.11.0" "soundfile>=0.12"
