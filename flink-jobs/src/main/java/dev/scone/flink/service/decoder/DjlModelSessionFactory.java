package dev.scone.flink.service.decoder;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import java.nio.file.Path;

/**
 * Loads the served model from its directory in each decoder subtask: on GPU {@code subtask mod
 * gpus} when the PyTorch engine sees GPUs, on the CPU otherwise.
 */
public final class DjlModelSessionFactory implements ModelSessionFactory {

    private static final long serialVersionUID = 1L;

    private final String modelDirectory;

    public DjlModelSessionFactory(Path modelDirectory) {
        this.modelDirectory = modelDirectory.toAbsolutePath().toString();
    }

    @Override
    public ModelSession open(int subtaskIndex) throws Exception {
        Path dir = Path.of(modelDirectory);
        ModelCard card = SconeModelIO.readCard(dir);
        int gpus = Engine.getInstance().getGpuCount();
        Device device = gpus > 0 ? Device.gpu(subtaskIndex % gpus) : Device.cpu();
        SconeModel model = SconeModelIO.load(dir, device);
        return new DjlModelSession(model, card.modelVersion());
    }
}
