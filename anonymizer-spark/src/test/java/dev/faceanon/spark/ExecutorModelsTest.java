package dev.faceanon.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceModels;
import dev.faceanon.ModelVariant;
import dev.faceanon.Precision;
import dev.faceanon.model.ModelFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task threads that ask for the same models at once share one load; a failed load is not remembered. */
class ExecutorModelsTest {

    @Test
    void concurrentTasksShareOneLoad() throws Exception {
        // A size of its own: no other test's models are these.
        ModelSpec spec = new ModelSpec(ModelVariant.TINY_RANDOM, null, true, Precision.FLOAT32, 64, 640);
        int before = ExecutorModels.loadCount(spec, "cpu", false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<FaceModels>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(pool.submit(() -> {
                    start.await();
                    return ExecutorModels.models(spec, "cpu", false);
                }));
            }
            start.countDown();
            FaceModels first = tasks.get(0).get();
            for (Future<FaceModels> t : tasks) {
                assertSame(first, t.get());
            }
            assertEquals(1, ExecutorModels.loadCount(spec, "cpu", false) - before);
            assertEquals(64, first.modelSize());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aFailedLoadFailsTheTaskAndIsTriedAgain(@TempDir Path empty) {
        ModelSpec spec = new ModelSpec(ModelVariant.PUBLISHED, empty.toString(), false, Precision.FLOAT32, 0, 640);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ExecutorModels.models(spec, "cpu", false));
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
        assertThrows(ModelFileException.class, () -> ExecutorModels.models(spec, "cpu", false));
        assertEquals(0, ExecutorModels.loadCount(spec, "cpu", false));
    }
}
