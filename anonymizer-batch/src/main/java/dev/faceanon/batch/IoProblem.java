package dev.faceanon.batch;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What went wrong with a file, in a user's words: the JDK's file exceptions carry their meaning in
 * their class and the path in their message, so printed raw they say only a path or a class name.
 */
public final class IoProblem {

    private IoProblem() {}

    /**
     * @param e a failure reading or writing a file
     * @return a short description without the path (the caller names the file) and without class names
     */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "not found";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof FileSystemLoopException) {
            return "symbolic link loop";
        } else if (e instanceof NotDirectoryException) {
            return "not a directory";
        } else if (e instanceof EOFException) {
            return "truncated: the file ends too early";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "input/output error" : e.getMessage();
    }
}
