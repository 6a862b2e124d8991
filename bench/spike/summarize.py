import json,sys,statistics as st
rows=[json.loads(l) for l in open(sys.argv[1])]
by={}
for r in rows:
    by.setdefault((r['scenario'],r['target']),[]).append(r)
scen=[]; tg=[]
for r in rows:
    if r['scenario'] not in scen: scen.append(r['scenario'])
    if r['target'] not in tg: tg.append(r['target'])
print("| scenario | target | calls/s median [min–max] | p99 ms | CPU µs/call median [min–max] | × nginx CPU |")
print("|---|---|---|---|---|---|")
for s in scen:
    ng=by.get((s,'nginx'))
    ngc=st.median([x['extra'].get('cpu_us_per_call',0) for x in ng]) if ng else None
    for t in tg:
        v=by.get((s,t))
        if not v: continue
        th=[x['throughput'] for x in v]; p99=[x['p99'] for x in v]
        cpu=[x['extra'].get('cpu_us_per_call') for x in v if x['extra'].get('cpu_us_per_call')]
        c = f"{st.median(cpu):.0f} [{min(cpu):.0f}–{max(cpu):.0f}]" if cpu else "–"
        ratio = f"{st.median(cpu)/ngc:.2f}" if cpu and ngc else ""
        print(f"| {s} | {t} | {st.median(th):.0f} [{min(th):.0f}–{max(th):.0f}] | {st.median(p99):.2f} | {c} | {ratio} |")
