// Java side of the zip interop test (and the writer of fixtures/jira/): the Kantega server is
// a Java app, so archives in the wild come from java.util.zip.ZipOutputStream and are read
// back by ZipInputStream / ZipFile. Test-only code, kept small.
//
//   java SnapshotZip write OUT.zip TIME_MILLIS SRC_DIR   deflated entries, data descriptors
//   java SnapshotZip read ARCHIVE SRC_DIR [IGNORED...]   names and bytes must equal SRC_DIR's
//                                                        files (IGNORED names are skipped)
import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;
import java.util.zip.*;

public class SnapshotZip {
    static SortedMap<String, byte[]> tree(Path root) throws IOException {
        SortedMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
                out.put(root.relativize(p).toString().replace(File.separatorChar, '/'),
                        Files.readAllBytes(p));
            }
        }
        return out;
    }

    static void write(Path out, long millis, Path src) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            z.setMethod(ZipOutputStream.DEFLATED);  // sizes unknown up front: data descriptors
            for (Map.Entry<String, byte[]> e : tree(src).entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(millis);
                z.putNextEntry(entry);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    static void check(String how, Map<String, byte[]> got, Map<String, byte[]> want) {
        if (!got.keySet().equals(want.keySet())) {
            throw new IllegalStateException(how + ": names differ: " + got.keySet() + " vs " + want.keySet());
        }
        for (String name : want.keySet()) {
            if (!Arrays.equals(got.get(name), want.get(name))) {
                throw new IllegalStateException(how + ": bytes of " + name + " differ");
            }
        }
    }

    static void read(Path archive, Path src, Set<String> ignored) throws IOException {
        Map<String, byte[]> want = tree(src);
        want.keySet().removeAll(ignored);
        Map<String, byte[]> stream = new TreeMap<>();
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null;) {
                if (!ignored.contains(e.getName())) stream.put(e.getName(), z.readAllBytes());
            }
        }
        check("ZipInputStream", stream, want);
        Map<String, byte[]> file = new TreeMap<>();
        try (ZipFile z = new ZipFile(archive.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                if (ignored.contains(e.getName())) continue;
                try (InputStream in = z.getInputStream(e)) {
                    file.put(e.getName(), in.readAllBytes());
                }
            }
        }
        check("ZipFile", file, want);
        System.out.println("ok: " + archive.getFileName() + ": " + want.size()
                           + " entries read by ZipInputStream and ZipFile");
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 4 && args[0].equals("write")) {
            write(Paths.get(args[1]), Long.parseLong(args[2]), Paths.get(args[3]));
        } else if (args.length >= 3 && args[0].equals("read")) {
            read(Paths.get(args[1]), Paths.get(args[2]),
                 new HashSet<>(Arrays.asList(args).subList(3, args.length)));
        } else {
            System.err.println("usage: SnapshotZip write OUT.zip TIME_MILLIS SRC_DIR | read ARCHIVE SRC_DIR [IGNORED...]");
            System.exit(2);
        }
    }
}
