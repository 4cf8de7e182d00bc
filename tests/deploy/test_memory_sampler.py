"""The benchmark's memory figures: PSS counts a file that several processes map once, their
summed RSS once per process, and the sampler thread catches a short peak."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench.servers import memory_sampler, pss_bytes, rss_bytes, tree_cpu_seconds

MB = 2**20
MAPPER = """
import sys, time
import numpy as np
a = np.load(sys.argv[1], mmap_mode="r")
total = int(a.sum())  # touch every page
print("ready", flush=True)
time.sleep(30)
"""


def test_a_file_two_processes_map_counts_once_in_pss_and_twice_in_rss(tmp_path: Path):
    path = tmp_path / "shared.npy"
    np.save(path, np.ones(64 * MB // 8, dtype=np.float64))
    children = [subprocess.Popen([sys.executable, "-c", MAPPER, str(path)],
                                 stdout=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        for child in children:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        pids = [child.pid for child in children]
        rss = rss_bytes(pids)
        pss = sum(pss_bytes(pid) for pid in pids)
        # each maps the 64 MB: RSS counts them in both, PSS half in each
        assert rss > 2 * 60 * MB
        assert rss - pss > 55 * MB
        assert pss > 60 * MB  # the file once, plus each interpreter's own pages
    finally:
        for child in children:
            child.kill()
            child.wait()
    assert pss_bytes(children[0].pid) == 0  # a process that is gone counts nothing


def test_the_sampler_catches_a_short_peak_and_names_the_processes():
    baseline = rss_bytes([os.getpid()])
    with memory_sampler(lambda: [os.getpid()], every_s=0.05) as peak:
        big = np.ones(200 * MB // 8)  # held for half a second only
        time.sleep(0.5)
        del big
    assert peak.rss > baseline + 150 * MB
    assert peak.pss > 150 * MB and peak.pss <= peak.rss
    name, rss, pss = peak.at_peak[os.getpid()]  # (and any children this process has)
    assert name and rss >= pss > 150 * MB


def test_the_cpu_a_process_tree_used_grows_with_its_work():
    before = tree_cpu_seconds([os.getpid()])
    end = time.process_time() + 0.05
    while time.process_time() < end:  # 50 ms of this process's CPU
        pass
    assert tree_cpu_seconds([os.getpid()]) - before >= 0.03
