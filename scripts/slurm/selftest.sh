#!/usr/bin/env bash
# Slurm self-test (issue 15 §4), for real: a single-node Slurm cluster on this machine (munged,
# slurmctld and slurmd from Debian's slurm-wlm and munge, no cgroup plugins, loopback addresses,
# free ports, everything under one temporary folder), a 4-task job array of
# scripts/slurm/campaign.sbatch over a 4-q-bin synthetic file, --collect, and a check that the
# numbers equal those of the same campaign run locally.
#
#   scripts/slurm/selftest.sh [TRANSCRIPT]      (as root; builds target/homodyne.jar if missing)
#
# Exit 0: passed, or SKIPPED (said loudly) when Slurm cannot be installed or run here (no root, no
# apt-get, no package); 1: failed. Every daemon it started is stopped on exit, whatever happens.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
transcript=${1:-}
if [ -n "$transcript" ]; then
  exec > >(tee "$transcript") 2>&1
fi
t0=$(date +%s)
say() { printf '[selftest %3ds] %s\n' "$(( $(date +%s) - t0 ))" "$*"; }
skip() {
  echo "################################################################################"
  echo "# SLURM SELF-TEST SKIPPED: $*"
  echo "################################################################################"
  exit 0
}
fail() { say "FAILED: $*"; exit 1; }

# ---- Slurm and munge ------------------------------------------------------------------------
need="slurmctld slurmd munged sbatch squeue scontrol sinfo"
missing() { for c in $need; do command -v "$c" >/dev/null 2>&1 || return 0; done; return 1; }
if missing; then
  [ "$(id -u)" -eq 0 ] || skip "slurm-wlm/munge are not installed and this is not root"
  command -v apt-get >/dev/null 2>&1 || skip "slurm-wlm/munge are not installed and there is no apt-get"
  say "installing slurm-wlm and munge with apt-get"
  # no daemon may be started by the packages' scripts: a policy-rc.d that forbids it, only when
  # there is none already (and removed only if we made it)
  made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  ok=
  for attempt in 1 2; do
    if timeout 300 apt-get install -y -q --no-install-recommends slurm-wlm munge >/tmp/selftest-apt.$$ 2>&1; then
      ok=1; break
    fi
    [ "$attempt" -eq 1 ] && timeout 180 apt-get update -q >/dev/null 2>&1
  done
  [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
  if [ -z "$ok" ]; then
    tail -5 /tmp/selftest-apt.$$; rm -f /tmp/selftest-apt.$$
    skip "apt-get could not install slurm-wlm and munge (no registry?)"
  fi
  rm -f /tmp/selftest-apt.$$
fi
[ "$(id -u)" -eq 0 ] || skip "slurmd must run as root to start jobs"
command -v python3 >/dev/null 2>&1 || skip "python3 is needed (free ports, table comparison)"
say "$(slurmctld -V), $(munged -V 2>&1 | head -1)"

# ---- the jar ------------------------------------------------------------------------------------
jar="$repo/target/homodyne.jar"
if [ ! -f "$jar" ]; then
  say "building $jar"
  (cd "$repo" && mvn -B -q package -DskipTests) || fail "could not build the jar"
fi
export HOMODYNE="$repo/scripts/homodyne"

# ---- a private cluster under one folder; stopped on exit --------------------------------------
work=$(mktemp -d /tmp/homodyne-slurm-selftest.XXXXXX)
export SLURM_CONF="$work/etc/slurm.conf"
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  say "stopping the cluster"
  if [ -n "${job:-}" ]; then
    # cancel what may still run, and let its job steps end before their slurmd goes
    scancel --quiet "$job" >/dev/null 2>&1
    for _ in $(seq 60); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.5; done
  fi
  scontrol shutdown >/dev/null 2>&1
  for d in slurmd slurmctld; do
    if [ -f "$work/run/$d.pid" ]; then
      local pid; pid=$(cat "$work/run/$d.pid")
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null   # still there after 5 s: by its own pid, nothing else
    fi
  done
  if [ -f "$work/munge/munged.pid" ]; then
    local mpid; mpid=$(cat "$work/munge/munged.pid")
    munged --stop --socket="$work/munge/munge.socket" >/dev/null 2>&1 || kill "$mpid" 2>/dev/null
  fi
  if [ "$rc" -ne 0 ]; then
    for f in "$work"/log/*.log "$work"/slurm/slurm-*.log; do
      [ -f "$f" ] && { echo "---- $f (last lines)"; tail -n 15 "$f"; }
    done
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
mkdir -p "$work"/{etc,run,log,state,spool,munge,gres,slurm}
chmod 700 "$work/munge"

read -r ctld_port slurmd_port < <(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
host=$(hostname -s)
# slurmd binds to its NodeAddr (127.0.0.1); slurmctld binds to what its host name resolves to, so it
# stays on loopback only where the name resolves there (else it listens on every address: said below)
comm=NoInAddrAny
case "$(getent hosts "$host" | awk '{print $1; exit}')" in
  127.*) comm=NoInAddrAny,NoCtldInAddrAny ;;
  *) say "note: $host does not resolve to a loopback address: slurmctld listens on every address" ;;
esac

# munge: a fresh key and a private socket (its own daemon, not the system's)
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/log/munged.log" --seed-file="$work/munge/seed" \
  || fail "munged did not start"

# four "GPUs" so that the sbatch script runs unchanged (--gres=gpu:1); Slurm wants device files
for i in 0 1 2 3; do : > "$work/gres/gpu$i"; done
cat > "$work/etc/gres.conf" <<EOF
NodeName=$host Name=gpu File=$work/gres/gpu[0-3]
EOF
cat > "$work/etc/slurm.conf" <<EOF
ClusterName=homodyne-selftest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
CommunicationParameters=$comm
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
GresTypes=gpu
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=$host NodeAddr=127.0.0.1 CPUs=32 RealMemory=131072 Gres=gpu:4 State=UNKNOWN
PartitionName=selftest Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -f "$SLURM_CONF" -i || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
for _ in $(seq 60); do
  state=$(sinfo -h -o %t 2>/dev/null)
  [ "$state" = "idle" ] && break
  sleep 0.5
done
[ "$state" = "idle" ] || fail "the node did not come up (state '$state')"
say "cluster up: slurmctld port $ctld_port, slurmd 127.0.0.1:$slurmd_port, node $host idle"
if command -v ss >/dev/null 2>&1; then
  ss -ltn | awk -v a=":$ctld_port" -v b=":$slurmd_port" '$4 ~ a"$" || $4 ~ b"$" {print "  listening: " $4}'
fi
sinfo

# ---- the data and the two campaigns ----------------------------------------------------------------
cd "$work"
"$HOMODYNE" simulate --output sim.h5 --mode static --params D0=2e4,alpha=-0.3,D_offset=20 --phi 0,45,90 \
  --frames 48 --dt 0.1 --q 0.003,0.004,0.0054,0.007 --noise 0.01 --seed 3 || fail "simulate"
"$HOMODYNE" config --mode static -o c.yaml >/dev/null || fail "config template"

say "local campaign"
"$HOMODYNE" campaign --config c.yaml --output-dir local --data-file sim.h5 --jobs 2 || fail "local campaign"

say "Slurm campaign: plan, job array, collect"
n=$("$HOMODYNE" campaign --config c.yaml --output-dir slurm --data-file sim.h5 --plan) || fail "--plan"
[ "$n" = 4 ] || fail "the plan has $n tasks, not 4"
job=$(sbatch --parsable --array=0-$((n - 1)) --output="$work/slurm/slurm-%A_%a.log" \
  "$repo/scripts/slurm/campaign.sbatch" "$work/slurm") || fail "sbatch"
say "submitted job array $job (tasks 0-$((n - 1)))"
squeue
deadline=$(( $(date +%s) + 900 ))
while [ -n "$(squeue -h -j "$job" 2>/dev/null)" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "the array did not finish in 15 minutes"
  sleep 2
done
say "array $job finished"
for f in "$work"/slurm/slurm-*.log; do echo "---- $(basename "$f")"; grep -v '^\s*$' "$f" | head -3; done
"$HOMODYNE" campaign --output-dir slurm --collect || fail "--collect: not every task is done"

say "comparing the tables (every column but wall time and device)"
python3 - local/campaign.csv slurm/campaign.csv <<'PY' || fail "the Slurm and local tables differ"
import csv, sys
def rows(path):
    with open(path, newline="") as f:
        r = list(csv.DictReader(f))
    for row in r:
        row.pop("wall_time_s"); row.pop("device")
    return r
a, b = rows(sys.argv[1]), rows(sys.argv[2])
if a != b:
    for x, y in zip(a, b):
        for k in x:
            if x[k] != y.get(k):
                print(f"task {x['index']} {k}: local {x[k]!r} slurm {y.get(k)!r}")
    sys.exit(1)
cols = [k for k in a[0] if k.endswith("_uncertainty") or k in ("D0", "alpha", "D_offset", "reduced_chi_squared")]
print(f"{len(a)} tasks, identical in {len(a[0])} columns, e.g.:")
for row in a:
    print(f"  {row['folder']:16s} {row['status']:5s} D0={row['D0']} alpha={row['alpha']} chi2_red={row['reduced_chi_squared']}")
PY

# ---- the time limit's SIGTERM: checkpoint, exit 130, requeue, resume -----------------------------------
# One longer task (a checkpoint after every batch). Once it has written a checkpoint it gets the
# SIGTERM that --signal=TERM@120 sends before the time limit (here at once, with scancel --signal);
# campaign.sbatch then requeues it and the rerun resumes from the checkpoint to the end.
say "requeue: a task signalled like at its time limit"
"$HOMODYNE" simulate --output long.h5 --mode static --params D0=2e4,alpha=-0.3,D_offset=20 --phi 0,45,90 \
  --frames 480 --dt 0.1 --q 0.0054 --noise 0.01 --seed 4 >/dev/null || fail "simulate"
sed -e 's/checkpoint_frequency: 10/checkpoint_frequency: 1/' -e 's/batch_size: auto/batch_size: 2000/' \
  -e 's/save_plots: true/save_plots: false/' c.yaml > long.yaml
"$HOMODYNE" campaign --config long.yaml --output-dir requeue --data-file long.h5 --plan >/dev/null || fail "--plan"
job=$(sbatch --parsable --array=0 --output="$work/slurm/slurm-%A_%a.log" \
  "$repo/scripts/slurm/campaign.sbatch" "$work/requeue") || fail "sbatch"
cps="$work/requeue/long/q_0.0054/checkpoints"
deadline=$(( $(date +%s) + 300 ))
# compgen, not ls: checkpoints come and go every few ms, and ls fails on a name the glob saw but
# pruning removed (the loop then went on until the fit ended, too late to signal it)
until compgen -G "$cps/batch_*.h5" >/dev/null; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "no checkpoint after 5 minutes"
  [ -n "$(squeue -h -j "$job" 2>/dev/null)" ] || fail "the task ended before it could be signalled"
  sleep 0.2
done
scancel --signal=TERM "${job}_0" || fail "scancel --signal=TERM"
say "sent SIGTERM to ${job}_0 after its first checkpoint"
# Slurm holds a requeued job back for a while (its begin time is set ahead); the test lets it start
# at once: the script and the resume are what is tested, not the cluster's delay
released=
deadline=$(( $(date +%s) + 600 ))
while [ -n "$(squeue -h -j "$job" 2>/dev/null)" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "the requeued task did not finish in 10 minutes"
  if [ -z "$released" ] && [ "$(squeue -h -j "$job" -o %t 2>/dev/null)" = "PD" ] \
      && grep -q "requeueing it to resume" "$work/slurm/slurm-${job}_0.log" 2>/dev/null; then
    scontrol update JobId="${job}_0" StartTime=now && released=1 && say "requeued; released to start now"
  fi
  sleep 1
done
log="$work/slurm/slurm-${job}_0.log"
grep -E "requeueing|restart|interrupted|resuming from" "$log" | sed 's/^/  /'
grep -q "requeueing it to resume" "$log" || fail "the task was not requeued after SIGTERM"
python3 - "$work/requeue/long/q_0.0054" <<'PY' || fail "the requeued task did not resume and finish"
import json, sys
d = sys.argv[1]
task = json.load(open(d + "/task.json"))
metrics = json.load(open(d + "/nlsq/convergence_metrics.json"))
print(f"  task.json status {task['status']}, resumed_from {metrics['resumed_from']}, fit {metrics['status']}")
sys.exit(0 if task["status"] == "done" and metrics["resumed_from"] else 1)
PY
say "PASSED: Slurm job array == local campaign; a SIGTERMed task requeued and resumed"
