package io.ppml.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Secrets the service generates for its operator ({@code master.key}, {@code admin-token}): created with mode 0600
 * in one step, so there is no moment at which another user of the machine could read them, and never overwritten.
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretFiles() {
    }

    /**
     * Creates {@code file} holding {@code content} and a newline, readable and writable by its owner only.
     *
     * @throws FileAlreadyExistsException when the file is already there (it is never replaced)
     */
    public static void createOwnerOnly(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean posix = Files.getFileStore(parent == null ? file : parent).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Files.createFile(file, attributes);
        Files.writeString(file, content + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The first line of {@code file}, stripped. */
    public static String readFirstLine(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }
}
