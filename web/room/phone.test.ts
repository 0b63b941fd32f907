import { describe, expect, it, vi } from 'vitest';
import { cameraTrack, hasSeveralCameras, lockedScreenAudio, otherFacing } from './phone';

const device = (kind: MediaDeviceKind, id: string) => ({ kind, deviceId: id, groupId: '', label: '', toJSON: () => ({}) });

describe('phone: camera facing toggle', () => {
  it('is offered only where the device has more than one camera', async () => {
    const devices = (list: MediaDeviceInfo[]) => ({ enumerateDevices: async () => list });
    expect(await hasSeveralCameras(devices([device('videoinput', 'front'), device('audioinput', 'mic')]))).toBe(false);
    expect(await hasSeveralCameras(devices([device('videoinput', 'front'), device('videoinput', 'back')]))).toBe(true);
    expect(await hasSeveralCameras({ enumerateDevices: () => Promise.reject(new Error('blocked')) })).toBe(false);
  });

  it('asks for the other camera by facingMode (front ↔ back)', async () => {
    const track = { kind: 'video' } as MediaStreamTrack;
    const getUserMedia = vi.fn(async () => ({ getVideoTracks: () => [track] }) as unknown as MediaStream);
    expect(otherFacing('user')).toBe('environment');
    expect(otherFacing('environment')).toBe('user');
    expect(await cameraTrack('environment', { getUserMedia })).toBe(track);
    expect(getUserMedia).toHaveBeenCalledWith({
      video: expect.objectContaining({ facingMode: { ideal: 'environment' } }),
    });
  });
});

describe('phone: sound with the screen locked', () => {
  it('iOS (iPhone, iPad, an iPad that says Macintosh) may stop: the page says so; Android and desktops keep playing', () => {
    expect(
      lockedScreenAudio(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile Safari',
        5,
      ),
    ).toBe('may-stop');
    expect(lockedScreenAudio('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Safari/605.1.15', 5)).toBe(
      'may-stop',
    );
    expect(lockedScreenAudio('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Safari/605.1.15', 0)).toBe(
      'keeps',
    );
    expect(lockedScreenAudio('Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/140.0 Mobile Safari/537.36', 5)).toBe('keeps');
  });
});
