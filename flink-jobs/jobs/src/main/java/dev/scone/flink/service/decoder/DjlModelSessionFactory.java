package dev.scone.flink.service.decoder;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import java.nio.file.Path;

/**
 * Loads the served model from its directory in each decoder subtask: on GPU {@code subtask mod
 * gpus} when the PyTorch engine sees GPUs, on the CPU otherwise, where PyTorch then uses the given
 * number of threads per subtask.
 */
public final class DjlModelSessionFactory implements ModelSessionFactory {

    private static final long serialVersionUID = 1L;

    private final String modelDirectory;
    private final int cpuThreads;

    /**
     * @param cpuThreads PyTorch threads for each decoder on the CPU; 0 leaves PyTorch's default
     *     (every core of the machine)
     */
    public DjlModelSessionFactory(Path modelDirectory, int cpuThreads) {
        if (cpuThreads < 0) {
            throw new IllegalArgumentException(
                    "The decoder's CPU threads must be 0 (PyTorch's default) or more, not "
                            + cpuThreads
                            + ".");
        }
        this.modelDirectory = modelDirectory.toAbsolutePath().toString();
        this.cpuThreads = cpuThreads;
    }

    @Override
    public ModelSession open(int subtaskIndex) throws Exception {
        Path dir = Path.of(modelDirectory);
        ModelCard card = SconeModelIO.readCard(dir);
        int gpus = Engine.getInstance().getGpuCount();
        Device device = gpus > 0 ? Device.gpu(subtaskIndex % gpus) : Device.cpu();
        if (gpus == 0 && cpuThreads > 0) {
            SconeModel.setCpuThreads(cpuThreads);
        }
        SconeModel model = SconeModelIO.load(dir, device);
        return new DjlModelSession(model, card.modelVersion());
    }
}
