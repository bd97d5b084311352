import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { openPackagedArchive } from '../src/archive/packaged-archive';
import { startBackground } from '../src/background/start';

export default defineBackground(() => {
  // Reading the extension's own packaged files is the only fetch it makes.
  const archive = openPackagedArchive((path) =>
    fetch(browser.runtime.getURL(`/archive/${path}` as '/')).then((response) => response.json()),
  );
  startBackground(browser, archive);
});
