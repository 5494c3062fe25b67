# Sourced by the scripts that run chorus beside PyTorch (bench-torch.sh,
# check-torch-forward.sh): builds the release `chorus` and sets $chorus, and
# sets $python to a venv with torch, kept at $1 (default ./.venv-torch) because
# torch is a multi-gigabyte download; it is created on first use.
venv="${1:-.venv-torch}"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import torch" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    "$venv/bin/pip" install -q torch numpy
fi
python="$venv/bin/python"
swift build -c release --product chorus >/dev/null
chorus="$(swift build -c release --show-bin-path)/chorus"
