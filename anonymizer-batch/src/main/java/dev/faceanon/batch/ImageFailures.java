package dev.faceanon.batch;

import dev.faceanon.FaceAnonException;
import dev.faceanon.djl.hub.ModelDownloadException;
import dev.faceanon.model.ModelFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a batch treats an exception met while processing one image: most fail that image only, with
 * a message for its report, and the batch goes on; problems with the model files would fail every
 * image and stop the batch instead.
 */
public final class ImageFailures {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFailures.class);

    private ImageFailures() {}

    /**
     * @param e what processing an image threw
     * @return whether it would fail every image (missing, invalid or unobtainable model files; the
     *     detector is opened on the first photo), so that the batch must stop rather than go on
     */
    public static boolean failsEveryImage(Throwable e) {
        return e instanceof ModelFileException || e instanceof ModelDownloadException;
    }

    /**
     * The message of an image's failure. A defect met on one image must not cost the others: an
     * exception the library does not throw on purpose fails that image too, with its trace logged.
     *
     * @param e what processing the image threw (not one that {@link #failsEveryImage})
     * @return the message for the image's report
     */
    public static String describe(Exception e) {
        if (e instanceof FaceAnonException) {
            return e.getMessage();
        } else if (e instanceof IOException || e instanceof UncheckedIOException) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        LOG.error("unexpected error while processing an image", e);
        return "unexpected error (" + e + "); please report it";
    }
}
