"""Data-parallel training under Open MPI's real `mpirun`: 2 and 3 ranks on this machine, each holding
the table and growing from its block of the rows, give the single process's model (the trees bit for
bit; k-means and the linear learner to 1e-9); a killed rank ends the job with its name and no output;
and `sluice` says what to install when Open MPI cannot be loaded. Sessions start jobs of their own:
training on files where they lie, on this machine and on two hosts in network namespaces, and batch
transform over ranks, whose output is byte for byte the one process's."""
import csv
import gzip
import json
import os
import signal
import subprocess
import time

import pytest

from conftest import DATA, SLUICE_BIN

MPI_ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               # One interface family only: loopback and shared memory, no probing of other networks.
               OMPI_MCA_btl="self,vader,tcp", OMPI_MCA_btl_tcp_if_include="lo", OMPI_MCA_oob_tcp_if_include="lo")

TRAIN = f"""
let raw = load "{DATA}/telco_churn.csv"
let prep = recipe | impute median [total_charges]
let trees = train xgboost on raw predicting churn using prep {{ rounds = 25, max_depth = 5, subsample = 0.8, colsample_bytree = 0.6 }}
let groups = train kmeans on (raw | select [tenure, monthly_charges]) {{ k = 4, seed = 3 }}
let linear = train linear_learner on raw predicting churn using prep
save trees to "trees.json"
save trees as "trees"
save groups as "groups"
save linear as "linear"
let head = raw | take 5 | save "head.csv"
let again = load "head.csv"
print "trained"
"""


def mpirun(ranks, script, cwd, env=None, timeout=300):
    path = cwd / "job.sluice"
    path.write_text(script)
    return subprocess.run(["mpirun", "-np", str(ranks), "--oversubscribe", str(SLUICE_BIN), "run", str(path)],
                          cwd=cwd, env=env or dict(MPI_ENV, SLUICE_HOME=str(cwd / "store")), capture_output=True, text=True,
                          timeout=timeout)


def bundle(folder, name):
    return json.loads((folder / "store" / "models" / name / "v1.json").read_text())


def assert_close(a, b, path="model"):
    """Every number within 1e-9 relative, everything else equal; the lineage (times, fingerprints) and the run
    that trained the model aside."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for key in a:
            if key not in ("lineage", "trainedAt", "runID"):
                assert_close(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for index, (x, y) in enumerate(zip(a, b)):
            assert_close(x, y, f"{path}[{index}]")
    elif isinstance(a, float) and isinstance(b, (int, float)):
        assert abs(a - b) <= 1e-9 * max(1.0, abs(b)), (path, a, b)
    else:
        assert a == b, (path, a, b)


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    folder = tmp_path_factory.mktemp("single")
    script = folder / "job.sluice"
    script.write_text(TRAIN)
    result = subprocess.run([str(SLUICE_BIN), "run", str(script)], cwd=folder, env=dict(os.environ, SLUICE_HOME=str(folder / "store")),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.mark.parametrize("ranks", [2, 3])
def test_ranks_train_the_single_process_model(single, tmp_path, ranks):
    result = mpirun(ranks, TRAIN, tmp_path)
    assert result.returncode == 0, result.stderr
    # Rank 0 speaks for the job, once; the others only train.
    assert result.stdout.count("trained") == 1, result.stdout
    assert (tmp_path / "trees.json").read_bytes() == (single / "trees.json").read_bytes()
    # `| save` too is rank 0's; the others waited for it before loading the file.
    assert (tmp_path / "head.csv").read_bytes() == (single / "head.csv").read_bytes()
    for name in ("trees", "groups", "linear"):
        # One version each: only rank 0 saves.
        versions = {p.name.split(".")[0] for p in (tmp_path / "store" / "models" / name).glob("v*.json")}
        assert versions == {"v1"}, versions
        assert_close(bundle(tmp_path, name), bundle(single, name), name)
    # Only rank 0 records the runs: one run per `train`, as the single process recorded.
    import json
    def kinds(folder):
        return sorted(json.loads(line)["run"]["kind"] for file in (folder / "store" / "runs").glob("*.jsonl")
                      for line in file.read_text().splitlines() if '"run"' in line[:8])
    assert kinds(tmp_path) == kinds(single) == ["train"] * 3 and len(list((tmp_path / "store" / "runs").glob("*.jsonl"))) == 1


LONG_JOB = (f'let raw = load "{DATA}/telco_churn.csv"\n'
            'let m = train xgboost on raw predicting churn { rounds = 100000, max_depth = 6, eta = 0.001 }\n'
            'save m to "never.json"\n')


def start_long_job(tmp_path, env):
    """mpirun -np 2 on a job that trains for minutes, and its two ranks' pids once both run (bounded wait)."""
    script = tmp_path / "job.sluice"
    script.write_text(LONG_JOB)
    job = subprocess.Popen(["mpirun", "-np", "2", str(SLUICE_BIN), "run", str(script)], cwd=tmp_path, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    ranks = []
    while len(ranks) < 2:
        if job.poll() is not None or time.monotonic() > deadline:
            if job.poll() is None:
                os.killpg(job.pid, signal.SIGKILL)
            raise AssertionError("the ranks did not start: " + job.stderr.read())
        time.sleep(0.2)
        found = subprocess.run(["pgrep", "-P", str(job.pid), "-f", "sluice run"], capture_output=True, text=True).stdout
        ranks = [int(pid) for pid in found.split()]
    time.sleep(2)  # well into training
    return job, ranks


def test_a_killed_rank_ends_the_job_naming_it_and_leaves_no_output(tmp_path):
    job, ranks = start_long_job(tmp_path, MPI_ENV)
    try:
        os.kill(max(ranks), signal.SIGKILL)
        _, errors = job.communicate(timeout=60)
    finally:
        if job.poll() is None:
            os.killpg(job.pid, signal.SIGKILL)
    assert job.returncode != 0
    assert "exited on signal 9" in errors and "rank" in errors, errors
    assert not (tmp_path / "never.json").exists()


def test_without_open_mpi_the_job_says_what_to_install_and_sluice_never_links_it(tmp_path):
    env = dict(MPI_ENV, SLUICE_MPI_LIBRARY="/nonexistent/libmpi.so.40")
    result = mpirun(2, 'print "never"\n', tmp_path, env=env)
    assert result.returncode != 0
    assert "this job needs Open MPI, which is not installed" in result.stderr
    assert "sudo apt-get install openmpi-bin libopenmpi-dev" in result.stderr
    assert "never" not in result.stdout
    linked = subprocess.run(["ldd", str(SLUICE_BIN)], capture_output=True, text=True).stdout
    assert "libmpi" not in linked
    # Outside mpirun, nothing of MPI is loaded: the script runs as ever.
    (tmp_path / "plain.sluice").write_text('print "alone"\n')
    plain = subprocess.run([str(SLUICE_BIN), "run", str(tmp_path / "plain.sluice")], env=env, capture_output=True, text=True)
    assert plain.returncode == 0 and "alone" in plain.stdout


@pytest.fixture
def two_hosts(tmp_path):
    """Two "hosts": network namespaces joined by a veth pair (10.213.77.1 and .2, no route out), and the
    agent mpirun uses instead of ssh to start a rank's daemon on one. Removed afterwards."""
    tag = str(os.getpid())[-5:]
    names = {"10.213.77.1": f"sluice-a{tag}", "10.213.77.2": f"sluice-b{tag}"}
    created = []

    def ip(*arguments):
        subprocess.run(["ip", *arguments], check=True, capture_output=True, text=True)

    try:
        for name in names.values():
            ip("netns", "add", name)
            created.append(name)
        a, b = names.values()
        ip("link", "add", f"va{tag}", "type", "veth", "peer", "name", f"vb{tag}")
        ip("link", "set", f"va{tag}", "netns", a)
        ip("link", "set", f"vb{tag}", "netns", b)
        for (address, name), device in zip(names.items(), (f"va{tag}", f"vb{tag}")):
            ip("-n", name, "addr", "add", f"{address}/24", "dev", device)
            ip("-n", name, "link", "set", device, "up")
            ip("-n", name, "link", "set", "lo", "up")
    except subprocess.CalledProcessError as error:
        for name in created:
            subprocess.run(["ip", "netns", "del", name])
        if "Operation not permitted" in error.stderr:
            pytest.skip(f"this kernel forbids network namespaces here: {error.stderr.strip()}")
        raise
    log = tmp_path / "agent.log"
    agent = tmp_path / "agent"
    cases = "".join(f'  {address}) ns={name} ;;\n' for address, name in names.items())
    agent.write_text(f'#!/bin/sh\nhost="$1"; shift\ncase "$host" in\n{cases}  *) echo "unknown host $host" >&2; exit 1 ;;\n'
                     f'esac\necho "$host" >> {log}\nexec ip netns exec "$ns" sh -c "$*"\n')
    agent.chmod(0o755)
    (tmp_path / "hosts").write_text("".join(f"{address} slots=1\n" for address in names))
    try:
        yield names, agent, log
    finally:
        for name in names.values():
            subprocess.run(["ip", "netns", "del", name])


def test_two_hosts_joined_by_a_network_train_the_single_process_trees(single, tmp_path, two_hosts):
    names, agent, log = two_hosts
    (tmp_path / "job.sluice").write_text(TRAIN)
    env = {name: value for name, value in MPI_ENV.items() if not name.startswith("OMPI_MCA_")}
    env["SLUICE_HOME"] = str(tmp_path / "store")
    first = next(iter(names.values()))
    result = subprocess.run(["ip", "netns", "exec", first, "mpirun", "-np", "2", "--hostfile", str(tmp_path / "hosts"),
                             "--mca", "plm_rsh_agent", str(agent), "--mca", "btl", "self,tcp",
                             "--mca", "btl_tcp_if_include", "10.213.77.0/24", "--mca", "oob_tcp_if_include", "10.213.77.0/24",
                             str(SLUICE_BIN), "run", str(tmp_path / "job.sluice")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    # Rank 1's daemon was started in the other namespace: the ranks talked over the veth pair.
    assert log.read_text().split() == ["10.213.77.2"]
    assert (tmp_path / "trees.json").read_bytes() == (single / "trees.json").read_bytes()
    assert_close(bundle(tmp_path, "groups"), bundle(single, "groups"), "groups")


RECIPE = "(recipe | impute median [total_charges])"


def run_script(text, cwd, env=None, timeout=300):
    path = cwd / f"script-{time.monotonic_ns()}.sluice"
    path.write_text(text)
    return subprocess.run([str(SLUICE_BIN), "run", str(path)], cwd=cwd, env=env or MPI_ENV, capture_output=True, text=True,
                          timeout=timeout)


def split_csv(source, folder, parts, compress=False):
    """The CSV cut into `parts` files of whole records, each with the header, named in order."""
    header, *rows = source.read_text().splitlines(keepends=True)
    paths = []
    for index in range(parts):
        chunk = header + "".join(rows[index * len(rows) // parts:(index + 1) * len(rows) // parts])
        path = folder / f"part-{index}.csv{'.gz' if compress else ''}"
        path.write_bytes(gzip.compress(chunk.encode()) if compress else chunk.encode())
        paths.append(path)
    return paths


@pytest.mark.parametrize("instances", [2, 3])
def test_training_on_a_file_with_instances_gives_the_model_trained_here(tmp_path, instances):
    result = run_script(
        f'let far = train xgboost on "{DATA}/telco_churn.csv" predicting churn using {RECIPE} '
        f'{{ rounds = 15, max_depth = 4, subsample = 0.9, instances = {instances} }}\n'
        'save far to "far.json"\n'
        f'let here = train xgboost on (load "{DATA}/telco_churn.csv") predicting churn using {RECIPE} '
        '{ rounds = 15, max_depth = 4, subsample = 0.9 }\n'
        'save here to "here.json"\n', tmp_path)
    assert result.returncode == 0, result.stderr
    # Each rank read its byte range of the one file; the trees are the ones trained here, byte for byte.
    assert (tmp_path / "far.json").read_bytes() == (tmp_path / "here.json").read_bytes()
    assert "15/15 round 15" in result.stdout + result.stderr


def test_a_glob_of_files_and_gzip_files_are_shared_among_ranks(tmp_path):
    split_csv(DATA / "telco_churn.csv", tmp_path, 3)
    (tmp_path / "gz").mkdir()
    split_csv(DATA / "telco_churn.csv", tmp_path / "gz", 2, compress=True)
    result = run_script(
        f'let files = train kmeans on "{tmp_path}/part-*.csv" using (recipe | impute mean [total_charges]) '
        '{ k = 3, seed = 5, instances = 2 }\n'
        f'let zipped = train xgboost on "{tmp_path}/gz/*.csv.gz" predicting churn {{ rounds = 5, instances = 2 }}\n'
        'save zipped to "zipped.json"\n'
        f'save (train xgboost on (load "{tmp_path}/gz/*.csv.gz") predicting churn {{ rounds = 5 }}) to "zipped-here.json"\n'
        'files\n', tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "zipped.json").read_bytes() == (tmp_path / "zipped-here.json").read_bytes()
    assert "k-means" in result.stdout or "kmeans" in result.stdout
    too_few = run_script(f'train xgboost on "{tmp_path}/gz/part-0.csv.gz" predicting churn {{ instances = 2 }}\n', tmp_path)
    assert too_few.returncode != 0
    assert "1 gzip file cannot be shared among 2 ranks" in too_few.stderr


def test_a_job_is_checked_before_it_starts_and_an_interrupt_stops_every_rank(tmp_path):
    missing = run_script(f'train xgboost on "{DATA}/telco_churn.csv" predicting chrun {{ instances = 2 }}\n', tmp_path)
    assert "has no column `chrun`" in missing.stderr and "did you mean `churn`" in missing.stderr.lower().replace('"', "`")
    script = tmp_path / "long.sluice"
    script.write_text(f'train xgboost on "{DATA}/telco_churn.csv" predicting churn '
                      '{ rounds = 100000, eta = 0.001, max_depth = 6, instances = 2 }\n')
    interrupt_when(script, tmp_path, lambda: subprocess.run(["pgrep", "-f", "/sluice rank$"], capture_output=True).stdout,
                   settle=2)


def interrupt_when(script, folder, started, settle=0.0):
    """Runs the script, interrupts it (Ctrl-C) once `started()` is true and `settle` seconds later, and
    checks that the session says so and no rank is left running."""
    session = subprocess.Popen([str(SLUICE_BIN), "run", str(script)], cwd=folder, env=MPI_ENV,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not started():
        assert session.poll() is None and time.monotonic() < deadline, "the ranks did not start"
        time.sleep(0.05)
    time.sleep(settle)
    session.send_signal(signal.SIGINT)
    _, errors = session.communicate(timeout=60)
    assert session.returncode != 0
    assert "interrupted" in errors, errors
    time.sleep(1)
    assert not subprocess.run(["pgrep", "-f", "/sluice rank$"], capture_output=True).stdout, "ranks left running"


def test_a_rank_that_hangs_is_given_up_on_after_the_timeout(tmp_path):
    job, ranks = start_long_job(tmp_path, dict(MPI_ENV, SLUICE_MPI_TIMEOUT="3"))
    try:
        os.kill(max(ranks), signal.SIGSTOP)  # alive, but never answers again
        started = time.monotonic()
        _, errors = job.communicate(timeout=60)
        waited = time.monotonic() - started
    finally:
        for pid in ranks:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if job.poll() is None:
            os.killpg(job.pid, signal.SIGKILL)
    assert job.returncode != 0
    assert "waited" in errors and "SLUICE_MPI_TIMEOUT is 3 s" in errors and "one of them is stuck" in errors, errors
    assert waited < 30
    assert not (tmp_path / "never.json").exists()


def test_a_session_trains_on_two_hosts_from_the_hostfile(tmp_path, two_hosts):
    names, agent, log = two_hosts
    env = {name: value for name, value in MPI_ENV.items() if not name.startswith("OMPI_MCA_")}
    # What a user of a real cluster sets: the hosts, and (here) how to reach them and over which network.
    env.update(SLUICE_MPI_HOSTFILE=str(tmp_path / "hosts"), OMPI_MCA_plm_rsh_agent=str(agent), OMPI_MCA_btl="self,tcp",
               OMPI_MCA_btl_tcp_if_include="10.213.77.0/24", OMPI_MCA_oob_tcp_if_include="10.213.77.0/24")
    script = tmp_path / "train.sluice"
    script.write_text(f'save (train xgboost on "{DATA}/telco_churn.csv" predicting churn {{ rounds = 10, instances = 2 }}) to "far.json"\n'
                      f'save (train xgboost on (load "{DATA}/telco_churn.csv") predicting churn {{ rounds = 10 }}) to "here.json"\n')
    first = next(iter(names.values()))
    result = subprocess.run(["ip", "netns", "exec", first, str(SLUICE_BIN), "run", str(script)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert log.read_text().split() == ["10.213.77.2"]
    assert (tmp_path / "far.json").read_bytes() == (tmp_path / "here.json").read_bytes()


TRANSFORM_MODEL = f'let m = train xgboost on (load "{DATA}/telco_churn.csv") predicting churn {{ rounds = 10, max_depth = 4 }}\n'


def leftovers(folder):
    return [path.name for path in folder.iterdir() if ".part-" in path.name or path.name.endswith(".partial")]


def json_value(text):
    try:
        return float(text) if text else None
    except ValueError:
        return text


@pytest.mark.parametrize("instances", [2, 3])
def test_transform_on_ranks_writes_what_one_process_writes(tmp_path, instances):
    with open(DATA / "telco_churn.csv") as source, open(tmp_path / "rows.jsonl", "w") as rows:
        for row in list(csv.DictReader(source))[:1500]:
            row.pop("churn")
            rows.write(json.dumps({key: json_value(value) for key, value in row.items()}) + "\n")
    result = run_script(
        TRANSFORM_MODEL
        + f'transform "{DATA}/telco_churn.csv" with m to "here.csv" join input\n'
        + f'transform "{DATA}/telco_churn.csv" with m to "ranks.csv" join input batch 500 {{ instances = {instances} }}\n'
        + f'transform "{DATA}/telco_churn.csv" with m to "here.csv.gz"\n'
        + f'transform "{DATA}/telco_churn.csv" with m to "ranks.csv.gz" {{ instances = {instances} }}\n'
        + 'transform "rows.jsonl" with m to "here.jsonl" join input\n'
        + f'transform "rows.jsonl" with m to "ranks.jsonl" join input {{ instances = {instances} }}\n', tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(f"on {instances} ranks") == 3, result.stdout
    assert "transformed 7,043 rows" in result.stdout
    here = (tmp_path / "here.csv").read_bytes()
    assert here.count(b"\n") == 7044 and (tmp_path / "ranks.csv").read_bytes() == here
    assert gzip.decompress((tmp_path / "ranks.csv.gz").read_bytes()) == gzip.decompress((tmp_path / "here.csv.gz").read_bytes())
    assert (tmp_path / "ranks.jsonl").read_bytes() == (tmp_path / "here.jsonl").read_bytes()
    assert leftovers(tmp_path) == []


def test_a_failing_rank_fails_the_transform_naming_it_and_writes_nothing(tmp_path):
    lines = (DATA / "telco_churn.csv").read_text().splitlines(keepends=True)
    tenure = lines[0].split(",").index("tenure")
    cells = lines[6000].split(",")
    cells[tenure] = "oops"
    lines[6000] = ",".join(cells)
    (tmp_path / "bad.csv").write_text("".join(lines))
    (tmp_path / "out.csv").write_text("kept\n")
    result = run_script(TRANSFORM_MODEL + 'transform "bad.csv" with m to "out.csv" { instances = 2 }\n', tmp_path)
    assert result.returncode != 0
    assert "the transform job of 2 ranks failed" in result.stderr and "`tenure` must be an integer" in result.stderr, result.stderr
    assert "(rank 1 on " in result.stderr, result.stderr
    assert (tmp_path / "out.csv").read_text() == "kept\n"
    assert leftovers(tmp_path) == []
    zipped = tmp_path / "in.csv.gz"
    zipped.write_bytes(gzip.compress((DATA / "telco_churn.csv").read_bytes()))
    refused = run_script(TRANSFORM_MODEL + 'transform "in.csv.gz" with m to "out.csv" { instances = 2 }\n', tmp_path)
    assert "is gzip, which cannot be cut into shares for several ranks" in refused.stderr, refused.stderr
    typo = run_script(TRANSFORM_MODEL + 'transform "bad.csv" with m to "out.csv" { instance = 2 }\n', tmp_path)
    assert "`transform` has no setting `instance`" in typo.stderr and "did you mean `instances`" in typo.stderr


def test_an_interrupted_transform_stops_every_rank_and_leaves_nothing(tmp_path):
    body = (DATA / "telco_churn.csv").read_text().splitlines(keepends=True)
    with open(tmp_path / "big.csv", "w") as big:
        big.write(body[0])
        for _ in range(150):
            big.writelines(body[1:])
    script = tmp_path / "long.sluice"
    script.write_text(TRANSFORM_MODEL + 'transform "big.csv" with m to "out.csv" join input batch 2000 { instances = 2 }\n')
    interrupt_when(script, tmp_path, lambda: list(tmp_path.glob("*out.csv.part-*")))
    assert not (tmp_path / "out.csv").exists()
    assert leftovers(tmp_path) == []
