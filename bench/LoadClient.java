// Closed-loop HTTP load client for the overload benchmark (bench/overload.sh): N clients, one
// thread and one keep-alive HTTP/1.1 connection each, POST the same multipart image over and over
// and record, per status, what came back and how long it took. wrk cannot split latency by status;
// under overload the 503s are fast and would hide how slow the admitted (200) requests are.
//
// Plain sockets and a prebuilt request keep the client cheap: it shares the cores with the server.
// Single file, no dependencies, run with the JDK's source launcher:
//   java bench/LoadClient.java --url http://127.0.0.1:18080/predict --image bench/face-10k.jpg \
//     --clients 8 --seconds 20 [--warmup 0] [--timeout-ms 30000] [--pid SERVER_PID] [--json out.json]
//
// What counts: answers that complete (or time out) inside the measured window, which starts after
// --warmup and lasts --seconds; rates are those counts over --seconds. At the end no client starts
// another request; requests in flight get at most --timeout-ms to finish (not counted in the rates,
// but any of them that gets no answer counts as hung, like any request with no answer within
// --timeout-ms). A connection error is a refused/reset connection or an EOF before a full answer.
// With --pid, the server's VmRSS (/proc/PID/status) is sampled every second: before the clients
// start, the maximum while they run (warm-up and drain included), and after the drain; and the
// server's CPU use (/proc/PID/stat) over the measured window.

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

public final class LoadClient {

    // ---- options ----
    private String url;
    private Path image;
    private int clients = 8;
    private double seconds = 20;
    private double warmup = 0;
    private int timeoutMs = 30_000;
    private long pid = -1;
    private Path json;

    // ---- run state ----
    private String host;
    private int port;
    private byte[] request;
    private long measureStart;
    private long measureEnd;

    public static void main(String[] args) throws Exception {
        LoadClient c = new LoadClient();
        try {
            c.parse(args);
        } catch (IllegalArgumentException e) {
            if (!"help".equals(e.getMessage())) {
                System.err.println("LoadClient: " + e.getMessage());
            }
            System.err.println("usage: java bench/LoadClient.java --url http://HOST:PORT/PATH --image FILE --clients N"
                    + " --seconds S [--warmup S] [--timeout-ms 30000] [--pid SERVER_PID] [--json OUT]");
            System.exit(2);
        }
        System.exit(c.run());
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                throw new IllegalArgumentException("help");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--url" -> url = v;
                case "--image" -> image = Path.of(v);
                case "--clients" -> clients = Integer.parseInt(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--timeout-ms" -> timeoutMs = Integer.parseInt(v);
                case "--pid" -> pid = Long.parseLong(v);
                case "--json" -> json = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (url == null || image == null) {
            throw new IllegalArgumentException("--url and --image are required");
        }
        if (clients < 1 || seconds <= 0 || warmup < 0 || timeoutMs < 1) {
            throw new IllegalArgumentException("need --clients >= 1, --seconds > 0, --warmup >= 0, --timeout-ms >= 1");
        }
    }

    private int run() throws Exception {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only http:// URLs");
        }
        host = uri.getHost();
        port = uri.getPort() == -1 ? 80 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        request = buildRequest(path, Files.readAllBytes(image), image.getFileName().toString());

        Rss rss = pid > 0 ? new Rss(pid) : null;
        long rssBefore = rss != null ? rss.sample() : -1;
        if (rss != null) {
            rss.start();
        }

        long now = System.nanoTime();
        measureStart = now + (long) (warmup * 1e9);
        measureEnd = measureStart + (long) (seconds * 1e9);
        Client[] all = new Client[clients];
        for (int i = 0; i < clients; i++) {
            all[i] = new Client();
            Thread t = new Thread(all[i], "client-" + i);
            t.setDaemon(true);
            all[i].thread = t;
        }
        for (Client cl : all) {
            cl.thread.start();
        }

        // Server CPU over the measured window (ticks of /proc/PID/stat), and the client's own.
        sleepUntil(measureStart);
        long serverCpu0 = pid > 0 ? cpuTicks(pid) : -1;
        long clientCpu0 = processCpuNanos();
        sleepUntil(measureEnd);
        long serverCpu1 = pid > 0 ? cpuTicks(pid) : -1;
        long clientCpu1 = processCpuNanos();

        // Drain: every client stops after its current request, which has at most the timeout left.
        long drainDeadline = measureEnd + timeoutMs * 1_000_000L + 200_000_000L;
        for (Client cl : all) {
            cl.thread.join(Math.max(1, (drainDeadline - System.nanoTime()) / 1_000_000));
        }
        // Still stuck (e.g. a connect or write that never returns): close its socket, count it hung.
        int stuck = 0;
        for (Client cl : all) {
            if (cl.thread.isAlive()) {
                cl.abandoned = true;
                cl.closeQuietly();
                stuck++;
            }
        }
        for (Client cl : all) {
            cl.thread.join(2_000);
        }
        long drainMs = (System.nanoTime() - measureEnd) / 1_000_000;
        if (rss != null) {
            rss.stop();
        }
        long rssEnd = rss != null ? rss.sample() : -1;

        // Merge.
        Histogram ok = new Histogram();
        Histogram busy = new Histogram();
        long n200 = 0, n503 = 0, nOther = 0, connErrors = 0, hung = stuck, drained = 0, reconnects = 0;
        for (Client cl : all) {
            ok.add(cl.ok);
            busy.add(cl.busy);
            n200 += cl.n200;
            n503 += cl.n503;
            nOther += cl.nOther;
            connErrors += cl.connErrors;
            hung += cl.hung;
            drained += cl.drained;
            reconnects += cl.connects;
        }
        reconnects = Math.max(0, reconnects - clients);
        double s = seconds;
        double serverCpuPct = serverCpu0 >= 0 && serverCpu1 >= 0 ? 100.0 * (serverCpu1 - serverCpu0) / TICKS / s : -1;
        double clientCpuPct = clientCpu0 >= 0 ? 100.0 * (clientCpu1 - clientCpu0) / 1e9 / s : -1;

        String line = String.format(Locale.ROOT,
                "clients=%d seconds=%.0f ok/s=%.1f 503/s=%.1f other/s=%.1f | 200 p50=%.1f p90=%.1f p99=%.1f max=%.1f ms"
                        + " | 503 p50=%.1f p99=%.1f ms | conn_errors=%d hung=%d reconnects=%d drained=%d in %d ms",
                clients, s, n200 / s, n503 / s, nOther / s, ms(ok.percentile(50)), ms(ok.percentile(90)),
                ms(ok.percentile(99)), ms(ok.max()), ms(busy.percentile(50)), ms(busy.percentile(99)),
                connErrors, hung, reconnects, drained, drainMs);
        if (rss != null) {
            line += String.format(Locale.ROOT, " | rss before=%.0f max=%.0f end=%.0f MB", mb(rssBefore),
                    mb(Math.max(rss.max(), Math.max(rssBefore, rssEnd))), mb(rssEnd));
        }
        if (serverCpuPct >= 0) {
            line += String.format(Locale.ROOT, " | cpu server=%.0f%% client=%.0f%%", serverCpuPct, clientCpuPct);
        } else {
            line += String.format(Locale.ROOT, " | cpu client=%.0f%%", clientCpuPct);
        }
        System.out.println(line);

        if (json != null) {
            StringBuilder j = new StringBuilder("{\n");
            field(j, "clients", clients);
            field(j, "seconds", s);
            field(j, "warmup_seconds", warmup);
            field(j, "timeout_ms", timeoutMs);
            field(j, "status_200", n200);
            field(j, "status_503", n503);
            field(j, "status_other", nOther);
            field(j, "connection_errors", connErrors);
            field(j, "hung", hung);
            field(j, "reconnects", reconnects);
            field(j, "drained", drained);
            field(j, "drain_ms", drainMs);
            field(j, "ok_per_second", n200 / s);
            field(j, "busy_per_second", n503 / s);
            field(j, "other_per_second", nOther / s);
            field(j, "ok_p50_ms", ms(ok.percentile(50)));
            field(j, "ok_p90_ms", ms(ok.percentile(90)));
            field(j, "ok_p99_ms", ms(ok.percentile(99)));
            field(j, "ok_max_ms", ms(ok.max()));
            field(j, "busy_p50_ms", ms(busy.percentile(50)));
            field(j, "busy_p99_ms", ms(busy.percentile(99)));
            field(j, "rss_before_kb", rssBefore);
            field(j, "rss_max_kb", rss != null ? Math.max(rss.max(), Math.max(rssBefore, rssEnd)) : -1);
            field(j, "rss_end_kb", rssEnd);
            field(j, "server_cpu_percent", serverCpuPct);
            field(j, "client_cpu_percent", clientCpuPct);
            j.setLength(j.length() - 2);
            j.append("\n}\n");
            Files.writeString(json, j.toString());
        }
        return 0;
    }

    // ---- the request ----

    private byte[] buildRequest(String path, byte[] data, String filename) {
        String boundary = "----facemaskload7MA4YWxkTrZu0gW";
        ByteArrayOutputStream body = new ByteArrayOutputStream(data.length + 256);
        body.writeBytes(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename.replace("\"", "") + "\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        String hostHeader = port == 80 ? host : host + ":" + port;
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "User-Agent: facemask-loadclient\r\n"
                + "Accept: */*\r\n"
                + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                + "Content-Length: " + body.size() + "\r\n"
                + "\r\n";
        ByteArrayOutputStream all = new ByteArrayOutputStream(head.length() + body.size());
        all.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        all.writeBytes(body.toByteArray());
        return all.toByteArray();
    }

    // ---- one client ----

    private final class Client implements Runnable {
        Thread thread;
        volatile Socket socket;
        volatile boolean abandoned;
        private InputStream in;
        private OutputStream out;
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int lim;
        private long deadline; // of the request in flight, System.nanoTime()
        private final StringBuilder line = new StringBuilder(128);

        final Histogram ok = new Histogram();
        final Histogram busy = new Histogram();
        long n200, n503, nOther, connErrors, hung, drained, connects;

        @Override
        public void run() {
            while (System.nanoTime() < measureEnd && !abandoned) {
                long start = System.nanoTime();
                deadline = start + timeoutMs * 1_000_000L;
                int status;
                try {
                    status = exchange();
                } catch (SocketTimeoutException e) {
                    closeQuietly();
                    if (!abandoned) {
                        record(start, System.nanoTime(), -2);
                    }
                    continue;
                } catch (IOException | RuntimeException e) {
                    closeQuietly();
                    if (abandoned) {
                        return; // counted by main as hung
                    }
                    long end = System.nanoTime();
                    // A socket closed under us after the deadline passed is a request without answer.
                    record(start, end, end >= deadline ? -2 : -1);
                    if (end < deadline) {
                        pause(); // e.g. connection refused: don't spin
                    }
                    continue;
                }
                record(start, System.nanoTime(), status);
            }
            closeQuietly();
        }

        /** status: HTTP status, -1 connection error, -2 no answer within the timeout. */
        private void record(long start, long end, int status) {
            if (end < measureStart) {
                return; // warm-up
            }
            if (end > measureEnd) {
                // Finished during the drain: only the requests that got no answer count.
                if (status == -2) {
                    hung++;
                } else {
                    drained++;
                }
                return;
            }
            long micros = (end - start) / 1_000;
            switch (status) {
                case 200 -> {
                    n200++;
                    ok.record(micros);
                }
                case 503 -> {
                    n503++;
                    busy.record(micros);
                }
                case -1 -> connErrors++;
                case -2 -> hung++;
                default -> nOther++;
            }
        }

        private void pause() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private int exchange() throws IOException {
            if (socket == null) {
                connect();
            }
            out.write(request);
            out.flush();
            return readResponse();
        }

        private void connect() throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            socket = s;
            s.connect(new InetSocketAddress(host, port), remainingMs());
            in = s.getInputStream();
            out = s.getOutputStream();
            pos = 0;
            lim = 0;
            connects++;
        }

        void closeQuietly() {
            Socket s = socket;
            socket = null;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        private int remainingMs() throws SocketTimeoutException {
            long ms = (deadline - System.nanoTime()) / 1_000_000;
            if (ms <= 0) {
                throw new SocketTimeoutException("request timeout");
            }
            return (int) Math.min(Integer.MAX_VALUE, ms);
        }

        /** Reads one response fully, returns its status; closes the connection if the server asks to. */
        private int readResponse() throws IOException {
            String statusLine = readLine();
            int status;
            boolean http10;
            try {
                // "HTTP/1.1 200 OK"
                int sp = statusLine.indexOf(' ');
                status = Integer.parseInt(statusLine.substring(sp + 1, sp + 4));
                http10 = statusLine.startsWith("HTTP/1.0");
            } catch (RuntimeException e) {
                throw new IOException("bad status line: " + statusLine);
            }
            long contentLength = -1;
            boolean chunked = false;
            boolean close = http10;
            while (true) {
                String h = readLine();
                if (h.isEmpty()) {
                    break;
                }
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    String v = value.toLowerCase(Locale.ROOT);
                    if (v.contains("close")) {
                        close = true;
                    } else if (v.contains("keep-alive")) {
                        close = false;
                    }
                }
            }
            if (status / 100 == 1) {
                return readResponse(); // 100 Continue and friends: the real answer follows
            }
            if (status == 204 || status == 304) {
                // no body
            } else if (chunked) {
                while (true) {
                    String sizeLine = readLine();
                    int semi = sizeLine.indexOf(';');
                    long size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                    if (size == 0) {
                        while (!readLine().isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    skip(size);
                    readLine(); // CRLF after the chunk
                }
            } else if (contentLength >= 0) {
                skip(contentLength);
            } else {
                // No length: the body runs to EOF.
                while (fill()) {
                    pos = lim;
                }
                close = true;
            }
            if (close) {
                closeQuietly();
            }
            return status;
        }

        /** Refills the buffer; false at EOF. Each read waits at most until the request's deadline. */
        private boolean fill() throws IOException {
            socket.setSoTimeout(remainingMs());
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        }

        private String readLine() throws IOException {
            line.setLength(0);
            while (true) {
                if (pos == lim && !fill()) {
                    throw new IOException("connection closed mid-answer");
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    int len = line.length();
                    if (len > 0 && line.charAt(len - 1) == '\r') {
                        line.setLength(len - 1);
                    }
                    return line.toString();
                }
                if (line.length() > 16 * 1024) {
                    throw new IOException("header line too long");
                }
                line.append((char) (b & 0xff));
            }
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                if (pos == lim && !fill()) {
                    throw new IOException("connection closed mid-body");
                }
                int k = (int) Math.min(n, lim - pos);
                pos += k;
                n -= k;
            }
        }
    }

    // ---- latency histogram: log-linear buckets of microseconds, ~1.6 % resolution ----

    static final class Histogram {
        private static final int SUB = 64; // buckets per power of two (above 128 us)
        private final long[] counts = new long[SUB * 64 + 2 * SUB];
        private long total;
        private long max;

        static int index(long v) {
            if (v < 2 * SUB) {
                return (int) Math.max(0, v);
            }
            int shift = 63 - Long.numberOfLeadingZeros(v) - 6; // v >> shift in [64, 128)
            return shift * SUB + (int) (v >> shift);
        }

        /** Highest value that falls in bucket i. */
        static long upper(int i) {
            if (i < 2 * SUB) {
                return i;
            }
            int shift = i / SUB - 1;
            long sub = i - shift * SUB; // in [64, 128)
            return ((sub + 1) << shift) - 1;
        }

        void record(long micros) {
            counts[index(micros)]++;
            total++;
            max = Math.max(max, micros);
        }

        void add(Histogram o) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += o.counts[i];
            }
            total += o.total;
            max = Math.max(max, o.max);
        }

        /** The p-th percentile in microseconds (upper bound of its bucket, at most the max), -1 if empty. */
        long percentile(double p) {
            if (total == 0) {
                return -1;
            }
            long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return Math.min(upper(i), max);
                }
            }
            return max;
        }

        long max() {
            return total == 0 ? -1 : max;
        }
    }

    // ---- server RSS, sampled every second ----

    private static final class Rss {
        private final long pid;
        private final AtomicLong max = new AtomicLong(-1);
        private volatile boolean running = true;
        private Thread thread;

        Rss(long pid) {
            this.pid = pid;
        }

        long sample() {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (l.startsWith("VmRSS:")) {
                        long kb = Long.parseLong(l.substring(6).trim().split("\\s+")[0]);
                        max.accumulateAndGet(kb, Math::max);
                        return kb;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // process gone
            }
            return -1;
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }

        long max() {
            return max.get();
        }
    }

    // ---- helpers ----

    private static final double TICKS = 100.0; // USER_HZ: 100 on Linux

    /** utime + stime of a process in clock ticks, -1 if unreadable. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the line
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 200)));
        }
    }

    private static double ms(long micros) {
        return micros < 0 ? -1 : micros / 1000.0;
    }

    private static double mb(long kb) {
        return kb < 0 ? -1 : kb / 1024.0;
    }

    private static void field(StringBuilder j, String name, double v) {
        j.append("  \"").append(name).append("\": ");
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            j.append((long) v);
        } else {
            j.append(String.format(Locale.ROOT, "%.3f", v));
        }
        j.append(",\n");
    }
}
