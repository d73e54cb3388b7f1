/// The text of `allot-bench --help`.
enum HelpText {
    static let text = """
        usage: allot-bench --scenario NAME|FILE [--server HOST:PORT] [--duration 30s] [options]
               allot-bench --suite standard [options]
               allot-bench --peer beanstalkd --server HOST:PORT [options]

        Drives allot-server through the SDK and reports latency percentiles (p50, p90, p99,
        p99.9, max), the achieved rate and, for traffic profiles, service level, average speed
        of answer, abandonment and occupancy per queue. docs/bench.md describes each scenario.

        Scenarios:
          echo             echo calls: the round-trip floor of the framing and the SDK
          throughput       closed-loop create, reserve, accept and complete cycles
          latency          the same cycles at a fixed open-loop --rate; latencies count from
                           each cycle's scheduled start
          contact-centre   examples/contact-centre.json with examples/contact-centre.traffic.json
          helpline         examples/helpline/helpline.json with examples/helpline/traffic.json
          FILE             any traffic profile (JSON; docs/bench.md gives the format)

        Options (a load option that the chosen scenario does not read is rejected):
          --server HOST:PORT      server to drive; without it allot-bench starts allot-server
                                  on 127.0.0.1 on a free port and stops it at the end
          --credentials FILE      credentials file; default allot-data/credentials.json
          --connect-timeout TIME  wait for a new connection's first reply; default 5s
          --duration TIME         length of the load, such as 30s, 500ms or 2m; a bare number
                                  is seconds; default 30s
          --warm-up TIME          first part of the load left out of the totals; default 0s
          --rate N                latency: cycles per second (default 200); profiles: task
                                  arrivals per simulated second (default from the profile)
          --speed N               profiles: time compression; 60 runs an hour in a minute
          --connections N         connections that send the load; default 1
          --in-flight N           echo, throughput, beanstalkd: calls or cycles in flight per
                                  connection; default 16
          --workers N             throughput, latency: workers per connection's workspace
          --agent-connections N   profiles: connections the agents share; 0 (default) gives
                                  each agent its own
          --payload-bytes N       echo and beanstalkd payload size; default 32
          --seed N                seed of arrivals, task mix and handle times; default 1
          --json FILE             write the full report as JSON
          --csv FILE              write the per-second timeline as CSV
          --quiet                 no progress line
          --keep-workspace        keep the workspaces (and their tasks) a run creates on a
                                  --server server; by default each is deleted at the end
          --allot PATH            the allot binary used to apply workspace files
          --allot-server PATH     the allot-server binary started without --server
          --server-fsync POLICY   journal sync policy of the started server: always (its
                                  default), never or interval:MS
          --examples DIR          where the built-in profiles are; default examples

        Exit status: 0 after a run without failed calls; 1 when the run failed or any call
        failed; 2 for invalid arguments, profiles or files.
        """
}
